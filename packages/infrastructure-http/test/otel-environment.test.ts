import { SpanKind, TelemetryFlowBuilder } from '@telemetryflow/client';
import type { Diagnostic, TelemetryFlowClient } from '@telemetryflow/client';
import { AMPLE_MS, spansOf, waitFor } from '@telemetryflow-internal/test-utils';
import type { HttpReceiver } from '@telemetryflow-internal/test-utils/http-receiver';
import { describe, expect, it } from 'vitest';
import { KEY_ID, SECRET, guardProcess, receiverFor, track } from './helpers.js';

// The OpenTelemetry environment as operators set it, observed at real loopback receivers: the
// builder's conformance tests check each variable's effect on the configuration; these check that
// the configuration reaches the wire.

guardProcess();

type Env = Record<string, string>;

/** A client configured only from `env` (plus the key and service name), initialized. */
const fromEnv = (env: Env, diagnostics: Diagnostic[] = []): TelemetryFlowClient => {
  const client = new TelemetryFlowBuilder({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf', ...env })
    .withApiKey(KEY_ID, SECRET)
    .withService('svc')
    .withAutoConfiguration()
    .withRetry(true, 1, 10)
    .withDiagnostics((d) => diagnostics.push(d))
    .build()
    .initialize();
  track({ close: () => client.shutdown(AMPLE_MS) });
  return client;
};

const recordAll = (client: TelemetryFlowClient, spans = 1): void => {
  client.incrementCounter('orders.created');
  client.logInfo('charging card');
  for (let i = 0; i < spans; i++) client.span(`step-${i}`, SpanKind.INTERNAL, () => undefined);
};

const paths = (receiver: HttpReceiver): string[] => [...new Set(receiver.requests.map((r) => r.path))].sort();

describe('the OTEL_* environment on the wire (OTLP/HTTP)', () => {
  it('headers, a per-signal endpoint used as it is, per-signal headers and compression', async () => {
    const main = await receiverFor();
    const gateway = await receiverFor();
    const client = fromEnv({
      OTEL_EXPORTER_OTLP_ENDPOINT: main.url,
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${gateway.url}/custom/traces`,
      OTEL_EXPORTER_OTLP_HEADERS: 'x-gateway-key=gw-key-123,x-tenant-id=acme',
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-tenant-id=traces-tenant',
      OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip',
      OTEL_EXPORTER_OTLP_LOGS_COMPRESSION: 'none',
    });
    recordAll(client);
    await client.shutdown(AMPLE_MS);

    expect(paths(gateway)).toEqual(['/custom/traces']);
    expect(paths(main)).toEqual(['/v1/logs', '/v1/metrics']);
    expect(gateway.requests[0]?.headers).toMatchObject({
      'x-gateway-key': 'gw-key-123',
      'x-tenant-id': 'traces-tenant',
    });
    for (const request of main.requests) {
      expect(request.headers).toMatchObject({ 'x-gateway-key': 'gw-key-123', 'x-tenant-id': 'acme' });
      expect(request.gzip).toBe(request.path === '/v1/metrics');
    }
    expect(gateway.spans().map((s) => s.item['name'])).toEqual(['step-0']);
  });

  it('OTEL_SDK_DISABLED=true: nothing is sent, and nothing is required', async () => {
    const receiver = await receiverFor();
    const client = new TelemetryFlowBuilder({
      OTEL_SDK_DISABLED: 'true',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
    })
      .withAutoConfiguration()
      .build()
      .initialize();
    recordAll(client);
    await client.flush(AMPLE_MS);
    await client.shutdown(AMPLE_MS);
    expect(receiver.requests).toEqual([]);
  });

  it('OTEL_TRACES_EXPORTER=none turns traces off, the other signals still go', async () => {
    const receiver = await receiverFor();
    const client = fromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_TRACES_EXPORTER: 'none' });
    recordAll(client);
    await client.shutdown(AMPLE_MS);
    expect(paths(receiver)).toEqual(['/v1/logs', '/v1/metrics']);
  });

  it('OTEL_BSP_MAX_EXPORT_BATCH_SIZE cuts span requests; log requests keep the client batch size', async () => {
    const receiver = await receiverFor();
    const client = fromEnv({
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '2',
    });
    recordAll(client, 5);
    for (let i = 0; i < 4; i++) client.logInfo(`more ${i}`);
    await client.shutdown(AMPLE_MS);
    const spanCounts = receiver.requests
      .filter((r) => r.signal === 'traces')
      .map((r) => (r.request === undefined ? 0 : spansOf(r.request).length));
    expect(receiver.spans()).toHaveLength(5);
    expect(Math.max(...spanCounts)).toBeLessThanOrEqual(2);
    expect(receiver.requests.filter((r) => r.signal === 'logs')).toHaveLength(1);
  });

  it('OTEL_METRIC_EXPORT_INTERVAL exports metrics on their own schedule, apart from OTEL_BSP_SCHEDULE_DELAY', async () => {
    const receiver = await receiverFor();
    const client = fromEnv({
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_METRIC_EXPORT_INTERVAL: '100',
      OTEL_BSP_SCHEDULE_DELAY: '600000',
    });
    recordAll(client);
    await waitFor(() => receiver.metrics().length > 0, 'a periodic metric export');
    expect(receiver.requests.some((r) => r.signal === 'traces')).toBe(false);
  });

  it('OTEL_TRACES_SAMPLER=traceidratio with OTEL_TRACES_SAMPLER_ARG=0 exports no spans and counts them', async () => {
    const receiver = await receiverFor();
    const client = fromEnv({
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_TRACES_SAMPLER: 'traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0',
    });
    recordAll(client, 3);
    await client.flush(AMPLE_MS);
    expect(client.getStatus().signals.traces).toMatchObject({ notSampled: 3, exported: 0, dropped: 0 });
    await client.shutdown(AMPLE_MS);
    expect(paths(receiver)).toEqual(['/v1/logs', '/v1/metrics']);
  });

  it('OTEL_PROPAGATORS=baggage injects no traceparent; the default injects it', () => {
    const receiver = { url: 'http://127.0.0.1:9' };
    const carrier = (env: Env): Record<string, string> => {
      const client = fromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, ...env });
      const headers: Record<string, string> = {};
      client.span('outgoing', SpanKind.CLIENT, () => client.injectTraceContext(headers));
      return headers;
    };
    expect(carrier({})).toHaveProperty('traceparent');
    expect(carrier({ OTEL_PROPAGATORS: 'baggage' })).not.toHaveProperty('traceparent');
  });
});
