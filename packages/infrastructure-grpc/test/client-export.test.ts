import { AMPLE_MS, anyValue, attributes, waitFor } from '@telemetryflow-internal/test-utils';
import { grpcReply, startGrpcReceiver } from '@telemetryflow-internal/test-utils/grpc-receiver';
import type { GrpcReceiver } from '@telemetryflow-internal/test-utils/grpc-receiver';
import { SpanKind } from '@telemetryflow/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GRPC_USER_AGENT, GrpcStatus } from '../src/index.js';
import { KEY_ID, SECRET, clientFor } from './support/fixtures.js';
import { guardProcess } from './support/guards.js';

const processEvents = guardProcess();

describe('the TelemetryFlow client exporting over gRPC', () => {
  let receiver: GrpcReceiver;

  beforeEach(async () => {
    receiver = await startGrpcReceiver();
  });

  afterEach(async () => {
    await receiver.close();
  });

  it('delivers every signal, decoded, with the service resource', async () => {
    const { client } = clientFor(receiver);
    client.initialize();
    client.incrementCounter('orders.created', 2, { region: 'eu' });
    client.recordGauge('queue.depth', 7);
    client.recordHistogram('order.latency', 0.25, 's');
    let spanId = '';
    client.span('checkout', SpanKind.SERVER, { 'http.route': '/checkout' }, (id) => {
      spanId = id;
      client.logInfo('charging card', { attempt: 1 });
    });
    await client.shutdown(AMPLE_MS);

    const [span] = receiver.spans();
    expect(span?.resource).toMatchObject({
      'service.name': 'svc',
      'service.version': '1.2.3',
      'deployment.environment': 'test',
    });
    expect(span?.item).toMatchObject({ name: 'checkout', spanId, kind: 'SPAN_KIND_SERVER' });
    expect(attributes(span?.item['attributes'])).toEqual({ 'http.route': '/checkout' });

    const [log] = receiver.logs();
    expect(log?.resource['service.name']).toBe('svc');
    expect(anyValue(log?.item['body'])).toBe('charging card');
    expect(log?.item).toMatchObject({ spanId, traceId: span?.item['traceId'], severityText: 'INFO' });
    expect(attributes(log?.item['attributes'])).toEqual({ attempt: 1 });

    const metrics = new Map(receiver.metrics().map((m) => [m.item['name'] as string, m.item]));
    expect(metrics.get('orders.created')?.['sum']).toMatchObject({
      isMonotonic: true,
      dataPoints: [{ asDouble: 2 }],
    });
    expect(metrics.get('queue.depth')?.['gauge']).toMatchObject({ dataPoints: [{ asDouble: 7 }] });
    expect(metrics.get('order.latency')?.['histogram']).toMatchObject({
      dataPoints: [{ count: '1', sum: 0.25 }],
    });
  });

  it('sends the API key as lower-case metadata, no content-type, and names the SDK as user agent', async () => {
    const { client } = clientFor(receiver, { tracesOnly: true });
    client.initialize();
    client.endSpan(client.startSpan('op'));
    await client.shutdown(AMPLE_MS);

    const metadata = receiver.requests[0]?.metadata ?? {};
    expect(metadata).toMatchObject({
      authorization: `Bearer ${KEY_ID}:${SECRET}`,
      'x-telemetryflow-key-id': KEY_ID,
      'x-telemetryflow-key-secret': SECRET,
      'x-telemetryflow-environment': 'test',
    });
    expect(metadata).not.toHaveProperty('content-type');
    expect(Object.keys(metadata).every((key) => key === key.toLowerCase())).toBe(true);
    expect(metadata['user-agent']).toMatch(
      new RegExp(`^${GRPC_USER_AGENT.replace(/\./g, '\\.')} grpc-node-js/`),
    );
  });

  it('counts a partial success as rejected items in getStatus()', async () => {
    receiver.respond = () => grpcReply.partialSuccess(1, 'one span too old');
    const { client } = clientFor(receiver, { tracesOnly: true });
    client.initialize();
    for (let i = 0; i < 3; i++) client.endSpan(client.startSpan(`op-${i}`));
    await client.shutdown(AMPLE_MS);

    expect(client.getStatus().signals.traces).toMatchObject({ exported: 2, rejected: 1, failed: 0 });
  });

  it('keeps the API key secret out of every diagnostic, warning, status and error', async () => {
    receiver.respond = (request) =>
      request.index === 1
        ? grpcReply.status(
            GrpcStatus.UNAVAILABLE,
            `retry later ${request.metadata['x-telemetryflow-key-secret']}`,
          )
        : grpcReply.status(GrpcStatus.UNAUTHENTICATED, `bad key ${request.metadata['authorization']}`);
    const { client, diagnostics } = clientFor(receiver, { tracesOnly: true });
    client.initialize();
    client.endSpan(client.startSpan('op'));
    await client.shutdown(AMPLE_MS);

    const said = JSON.stringify([diagnostics, client.getStatus(), client.getHealth(), String(client)]);
    expect(diagnostics.map((d) => d.code)).toEqual(['TF_EXPORT_RETRYING', 'TF_EXPORT_FAILED']);
    expect(said).toContain('bad key Bearer tfk_grpc-test-key:');
    expect(said).not.toContain(SECRET);
  });

  it('keeps the API key secret out of the process warnings diagnostics default to', async () => {
    receiver.respond = (request) =>
      grpcReply.status(
        GrpcStatus.PERMISSION_DENIED,
        `denied for ${request.metadata['x-telemetryflow-key-secret']}`,
      );
    const { client } = clientFor(receiver, { tracesOnly: true, collectDiagnostics: false });
    client.initialize();
    client.endSpan(client.startSpan('op'));
    await client.shutdown(AMPLE_MS);
    await waitFor(() => processEvents.warnings.some((w) => w.includes('denied for')), 'the warning');

    expect(processEvents.warnings.join('\n')).not.toContain(SECRET);
  });
});
