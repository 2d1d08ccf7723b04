import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AMPLE_MS,
  baseUrlOf,
  closeServer,
  inMemoryClient,
  serverSpans,
  waitFor,
} from '@telemetryflow-internal/test-utils';
import type { InMemoryTransport } from '@telemetryflow-internal/test-utils';
import { Credentials, TelemetryConfig, TelemetryFlowClient } from '@telemetryflow/client';
import type { TelemetryConfigOptions } from '@telemetryflow/client';
import { createTransport as httpTransport } from '@telemetryflow/infrastructure-http';
import { expressMiddleware } from '@telemetryflow/middleware-express';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { instrumentHttpClient } from '../src/index.js';
import type { HttpClientInstrumentation } from '../src/index.js';
import { startUpstream, waitForClientSpans } from './support.js';
import type { Upstream } from './support.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_ID = '00f067aa0ba902b7';
const INCOMING = { traceparent: `00-${TRACE_ID}-${CALLER_ID}-01`, baggage: 'tenant=acme,plan=gold' };

/** A `baggage` header's entries, decoded. */
const entriesOf = (header: unknown): Record<string, string> =>
  Object.fromEntries(
    (typeof header === 'string' ? header : '')
      .split(',')
      .filter((e) => e.trim() !== '')
      .map((e) => e.split('=').map((p) => decodeURIComponent(p.trim())) as [string, string]),
  );

// One service between a caller and an upstream: the middleware continues the caller's context, the
// handler adds a baggage entry, and the instrumented fetch carries trace context and baggage on.
describe('baggage through an Express service and an instrumented fetch', () => {
  let client: TelemetryFlowClient;
  let transport: InMemoryTransport;
  let instrumentation: HttpClientInstrumentation | undefined;
  let upstream: Upstream | undefined;
  let service: Server | undefined;

  /** Starts the service; returns the URL of its `/checkout`, which answers the baggage it saw. */
  const start = async (overrides: Partial<TelemetryConfigOptions> = {}): Promise<string> => {
    ({ client, transport } = inMemoryClient(TelemetryFlowClient, { serviceName: 'frontend', ...overrides }));
    client.initialize();
    const stock = await startUpstream();
    upstream = stock;
    const app = express();
    app.use(expressMiddleware(client));
    app.get('/checkout', async (_req, res) => {
      const seen = client.getBaggage();
      const response = await client.withBaggage({ 'user.id': 'u-42 é' }, () => fetch(`${stock.url}/stock`));
      await response.json();
      res.json(seen);
    });
    service = createServer(app).listen(0, '127.0.0.1');
    const url = await baseUrlOf(service);
    instrumentation = instrumentHttpClient(client, { ignoreOutgoingUrls: [url] });
    return `${url}/checkout`;
  };

  afterEach(async () => {
    instrumentation?.disable();
    if (service !== undefined) await closeServer(service);
    await upstream?.close();
    await client.shutdown(AMPLE_MS);
    instrumentation = undefined;
    service = undefined;
    upstream = undefined;
  });

  /** Calls the service as the caller; returns the baggage its handler saw and what upstream received. */
  const checkout = async (url: string) => {
    const response = await fetch(url, { headers: INCOMING });
    expect(response.status).toBe(200);
    const seen = (await response.json()) as Record<string, string>;
    expect(upstream?.received).toHaveLength(1);
    return { seen, headers: upstream?.received[0]?.headers ?? {} };
  };

  it('the upstream receives the caller’s baggage plus the entry added, in the same trace', async () => {
    const { seen, headers } = await checkout(await start());
    expect(seen).toEqual({ tenant: 'acme', plan: 'gold' });
    expect(entriesOf(headers['baggage'])).toEqual({ tenant: 'acme', plan: 'gold', 'user.id': 'u-42 é' });
    expect(headers['baggage']).toContain('user.id=u-42%20%C3%A9'); // percent-encoded
    expect(headers['traceparent']).toMatch(new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-01$`));
    // The parent the upstream sees is the fetch's CLIENT span, child of the SERVER span.
    const [clientSpan] = await waitForClientSpans(transport, 1);
    expect(String(headers['traceparent']).split('-')[2]).toBe(clientSpan?.['spanId']);
    await waitFor(() => serverSpans(transport).length >= 1, 'the SERVER span');
    const [server] = serverSpans(transport);
    expect(server).toMatchObject({ traceId: TRACE_ID, parentSpanId: CALLER_ID });
    expect(clientSpan).toMatchObject({ traceId: TRACE_ID, parentSpanId: server?.['spanId'] });
    // Baggage propagates; it is not copied into span attributes.
    for (const span of [server, clientSpan]) {
      expect(Object.values(span?.attrs ?? {}).map(String)).not.toEqual(expect.arrayContaining(['acme']));
      expect(Object.keys(span?.attrs ?? {}).filter((k) => /tenant|plan|user\.id|baggage/.test(k))).toEqual(
        [],
      );
    }
  });

  it("propagators ['tracecontext']: the baggage header is neither read nor sent", async () => {
    const { seen, headers } = await checkout(await start({ propagators: ['tracecontext'] }));
    expect(seen).toEqual({});
    expect(headers).not.toHaveProperty('baggage');
    expect(headers['traceparent']).toMatch(new RegExp(`^00-${TRACE_ID}-`));
  });

  it('propagators []: neither traceparent nor baggage is read or sent', async () => {
    const { seen, headers } = await checkout(await start({ propagators: [] }));
    expect(seen).toEqual({});
    expect(headers).not.toHaveProperty('baggage');
    expect(headers).not.toHaveProperty('traceparent');
    expect(headers).not.toHaveProperty('tracestate');
    await waitForClientSpans(transport, 1); // still traced, just not propagated
  });
});

describe('a disabled client with the OTLP/HTTP transport and the instrumentation', () => {
  const configFor = (port: number): TelemetryConfig =>
    TelemetryConfig.create({
      credentials: Credentials.create('tfk_disabled-test', 'tfs_disabled-test-secret'),
      endpoint: `127.0.0.1:${port}`,
      protocol: 'http',
      insecure: true,
      serviceName: 'frontend',
      batchTimeoutMs: 20,
    });

  it('opens no connection to the collector and leaves the app’s requests alone', async () => {
    let connections = 0;
    const collector = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.end());
    });
    collector.on('connection', () => connections++);
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    const { port } = collector.address() as AddressInfo;
    const stock = await startUpstream();
    try {
      const enabled = new TelemetryFlowClient(configFor(port), {
        transport: httpTransport,
        onDiagnostic: () => undefined,
      });
      enabled.initialize().incrementCounter('orders.created');
      await enabled.shutdown(AMPLE_MS);
      expect(connections).toBeGreaterThan(0); // the collector is reachable: the check below means something
      const before = connections;

      const client = new TelemetryFlowClient(configFor(port), { transport: httpTransport, disabled: true });
      client.initialize();
      const instrumentation = instrumentHttpClient(client);
      try {
        const answer = await client.withTraceContext(INCOMING, () =>
          client.span('work', () =>
            client.withBaggage({ tenant: 'acme' }, () => fetch(`${stock.url}/stock`)),
          ),
        );
        expect(answer.status).toBe(200);
        await answer.json();
        client.incrementCounter('orders.created');
        await client.flush(AMPLE_MS);
        await new Promise((resolve) => setTimeout(resolve, 100)); // past batchTimeoutMs
      } finally {
        instrumentation.disable();
        await client.shutdown(AMPLE_MS);
      }
      expect(connections).toBe(before);
      expect(stock.received[0]?.headers).not.toHaveProperty('traceparent');
      expect(stock.received[0]?.headers).not.toHaveProperty('baggage');
      expect(client.getStatus()).toMatchObject({ disabled: true, initialized: false, metricsSent: 0 });
    } finally {
      await stock.close();
      await closeServer(collector);
    }
  });
});
