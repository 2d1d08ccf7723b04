import { Protocol, SpanKind, resolveTransportFactory } from '@telemetryflow/client';
import { AMPLE_MS, anyValue, attributes } from '@telemetryflow-internal/test-utils';
import { dataPointsOf } from '@telemetryflow-internal/test-utils/http-receiver';
import { describe, expect, it } from 'vitest';
import { builderFor, guardProcess, receiverFor, started } from './helpers.js';

guardProcess();

describe('OTLP/HTTP export through the client (withHttp())', () => {
  it("resolves this package's createTransport for withHttp()", () => {
    expect(resolveTransportFactory(Protocol.HTTP).name).toBe('createHttpExportTransport');
  });

  it('delivers every signal to /v1/{signal}, decoded with the resource and the recorded content', async () => {
    const receiver = await receiverFor();
    const client = started(builderFor(receiver).withService('svc', '1.2.3').withEnvironment('test'));

    client.incrementCounter('orders.created', 2, { region: 'eu' });
    client.recordGauge('queue.depth', 7);
    client.recordHistogram('order.latency', 0.25, 's');
    let spanId = '';
    client.span('checkout', SpanKind.SERVER, { 'http.route': '/checkout' }, (id) => {
      spanId = id;
      client.logInfo('charging card', { attempt: 1 });
    });
    await client.shutdown(AMPLE_MS);

    expect(new Set(receiver.requests.map((r) => r.path))).toEqual(
      new Set(['/v1/metrics', '/v1/logs', '/v1/traces']),
    );
    expect(receiver.requests.every((r) => r.method === 'POST' && r.status === 200)).toBe(true);

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
    expect(attributes(dataPointsOf(metrics.get('orders.created') ?? {})[0]?.['attributes'])).toEqual({
      region: 'eu',
    });
    expect(metrics.get('queue.depth')?.['gauge']).toMatchObject({ dataPoints: [{ asDouble: 7 }] });
    expect(metrics.get('order.latency')?.['histogram']).toMatchObject({
      dataPoints: [{ count: '1', sum: 0.25 }],
    });
  });

  it('counts as exported exactly the items the receiver decoded, and nothing as lost', async () => {
    const receiver = await receiverFor();
    const client = started(builderFor(receiver).withBatchSettings(20, 50));

    for (let i = 0; i < 120; i++) client.span(`job-${i}`, () => client.logDebug(`step ${i}`));
    client.incrementCounter('jobs.done', 120, { queue: 'a' });
    client.incrementCounter('jobs.done', 1, { queue: 'b' });
    client.recordGauge('queue.depth', 3);
    await client.shutdown(AMPLE_MS);

    const { traces, logs, metrics } = client.getStatus().signals;
    const dataPoints = receiver.metrics().reduce((sum, m) => sum + dataPointsOf(m.item).length, 0);
    expect(traces.exported).toBe(receiver.spans().length);
    expect(logs.exported).toBe(receiver.logs().length);
    expect(metrics.exported).toBe(dataPoints);
    expect([traces.exported, logs.exported]).toEqual([120, 120]);
    expect(dataPoints).toBeGreaterThanOrEqual(3); // two counter series and a gauge, maybe exported more than once
    expect(receiver.accepted('traces').length).toBeGreaterThanOrEqual(3); // batches of at most 50
    for (const s of [traces, logs, metrics]) {
      expect({ failed: s.failed, dropped: s.dropped, rejected: s.rejected, retries: s.retries }).toEqual({
        failed: 0,
        dropped: 0,
        rejected: 0,
        retries: 0,
      });
    }
  });
});
