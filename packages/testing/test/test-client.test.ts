import { SpanKind, TelemetryFlowClient } from '@telemetryflow/client';
import type { Diagnostic, TelemetryFlowError } from '@telemetryflow/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestClient, diagnostics, logs, metricPoints, reset, spans } from '../src/index.js';

const clients: TelemetryFlowClient[] = [];
const make = (...args: Parameters<typeof createTestClient>): TelemetryFlowClient => {
  const client = createTestClient(...args);
  clients.push(client);
  return client;
};
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.shutdown()));
});

describe('createTestClient', () => {
  it('gives a real, initialized client of the asked service', async () => {
    const client = make({ serviceName: 'billing', config: { customAttributes: { team: 'payments' } } });
    expect(client).toBeInstanceOf(TelemetryFlowClient);
    expect(client.isInitialized()).toBe(true);
    client.span('invoice', () => undefined);
    const [invoice] = await spans({ name: 'invoice' });
    expect(invoice).toMatchObject({
      serviceName: 'billing',
      resource: { 'service.name': 'billing', team: 'payments' },
      scope: { name: '@telemetryflow/client' },
    });
    expect(client.getStatus().signals.traces).toMatchObject({ exported: 1, failed: 0, dropped: 0 });
  });

  it('keeps configuration options: a traces-only client exports no logs', async () => {
    const client = make({ config: { enableLogs: false, enableMetrics: false } });
    client.logInfo('not sent');
    client.span('sent', () => undefined);
    expect(await spans()).toHaveLength(1);
    expect(await logs()).toEqual([]);
  });
});

describe('spans()', () => {
  it('reads without sleeping: the span ended a line before is there', async () => {
    const client = make();
    await client.span('checkout', async () => undefined);
    expect(await spans({ name: 'checkout' })).toHaveLength(1);
  });

  it('filters by name (string or RegExp), kind, status, parent and attributes; start order', async () => {
    const client = make();
    await client.span('GET /orders', SpanKind.SERVER, { 'http.route': '/orders' }, async () => {
      client.span('db.select', SpanKind.CLIENT, () => undefined);
      await client
        .span('db.update', SpanKind.CLIENT, async () => Promise.reject(new Error('locked')))
        .catch(() => undefined);
    });
    const [server] = await spans({ parentSpanId: null });
    expect(server?.name).toBe('GET /orders');
    expect((await spans({ name: /^db\./ })).map((s) => s.name)).toEqual(['db.select', 'db.update']);
    expect((await spans({ kind: 'client', status: 'error' })).map((s) => s.name)).toEqual(['db.update']);
    expect(await spans({ parentSpanId: server!.spanId })).toHaveLength(2);
    expect(await spans({ attributes: { 'http.route': '/orders' } })).toEqual([server]);
    expect(await spans({ traceId: server!.traceId, serviceName: 'test-service' })).toHaveLength(3);
    expect(await spans({ name: 'db' })).toEqual([]);
  });
});

describe('logs()', () => {
  it('filters by severity and body (string or RegExp), span and attributes', async () => {
    const client = make();
    client.logInfo('server started', { port: 8080 });
    const spanId = client.span('checkout', (id) => {
      client.logError('payment failed: card declined');
      return id;
    });
    expect(await logs({ severity: 'info', body: 'server started' })).toHaveLength(1);
    expect(await logs({ body: /card declined/ })).toMatchObject([{ severity: 'error', spanId }]);
    expect(await logs({ spanId })).toHaveLength(1);
    expect(await logs({ attributes: { port: 8080 } })).toMatchObject([{ message: 'server started' }]);
    expect(await logs({ body: 'payment failed' })).toEqual([]); // a string is the whole message
  });

  it("keeps a bridged logger's severity text and number", async () => {
    const client = make();
    client.emitLog({ body: 'slow query', severityNumber: 13, severityText: 'warning' });
    expect(await logs({ severity: 'warn' })).toMatchObject([
      { message: 'slow query', severityNumber: 13, severityText: 'warning' },
    ]);
  });
});

describe('metricPoints()', () => {
  it('gives the current point of each series, whatever was exported before', async () => {
    const client = make();
    client.incrementCounter('orders.created', 1, { region: 'eu' });
    expect(await metricPoints('orders.created')).toHaveLength(1);
    client.incrementCounter('orders.created', 2, { region: 'eu' });
    client.incrementCounter('orders.created', 5, { region: 'us' });
    const points = await metricPoints('orders.created');
    expect(points.map((p) => [p.attributes, p.value])).toEqual([
      [{ region: 'eu' }, 3],
      [{ region: 'us' }, 5],
    ]);
    expect(await metricPoints('orders.created', { region: 'us' })).toMatchObject([{ type: 'sum', value: 5 }]);
  });

  it('gives a histogram its count, sum, min, max and buckets', async () => {
    const client = make();
    client.recordHistogram('request.duration', 0.2, 's');
    client.recordHistogram('request.duration', 1.5, 's');
    const [point] = await metricPoints('request.duration');
    expect(point).toMatchObject({ type: 'histogram', unit: 's', count: 2, value: 1.7, min: 0.2, max: 1.5 });
    expect(point?.buckets?.counts.reduce((a, b) => a + b, 0)).toBe(2);
  });

  it('gives an exponential histogram its scale and buckets, and a histogram named with buckets its own', async () => {
    const client = make({
      config: {
        histogramAggregation: 'base2_exponential_bucket_histogram',
        histogramBuckets: { 'payload.size': [100, 1_000] },
      },
    });
    for (const v of [3, 3, 40]) client.recordHistogram('response.size', v, 'By');
    client.recordHistogram('payload.size', 500, 'By');
    const [point] = await metricPoints('response.size');
    expect(point).toMatchObject({
      type: 'exponentialHistogram',
      count: 3,
      value: 46,
      min: 3,
      max: 40,
      buckets: undefined,
    });
    const { scale, positive } = point?.exponential ?? { scale: 0, positive: { offset: 0, counts: [] } };
    const base = 2 ** (2 ** -scale);
    const filled = positive.counts.flatMap((count, i) => (count === 0 ? [] : [[positive.offset + i, count]]));
    expect(filled).toEqual([
      [Math.ceil(Math.log(3) / Math.log(base)) - 1, 2],
      [Math.ceil(Math.log(40) / Math.log(base)) - 1, 1],
    ]);
    expect(await metricPoints('payload.size')).toMatchObject([
      { type: 'histogram', buckets: { bounds: [100, 1_000] } },
    ]);
  });
});

describe('diagnostics()', () => {
  it('collects what the client reports instead of printing it', async () => {
    const seen: Diagnostic[] = [];
    const client = make({ onDiagnostic: (d) => seen.push(d) });
    client.incrementCounter('', 1);
    expect(diagnostics().map((d) => d.code)).toEqual(['TF_INVALID_INPUT']);
    expect(seen).toEqual(diagnostics());
    expect(await metricPoints('')).toEqual([]);
    await reset();
    expect(diagnostics()).toEqual([]);
  });
});

describe('reset()', () => {
  it('empties the store, restarts metric totals and keeps the same client working', async () => {
    const client = make();
    client.incrementCounter('jobs', 4);
    client.span('job', () => client.logInfo('ran'));
    expect(await spans()).toHaveLength(1);
    await reset();
    expect(await spans()).toEqual([]);
    expect(await logs()).toEqual([]);
    expect(await metricPoints('jobs')).toEqual([]);
    expect(client.isInitialized()).toBe(true);
    client.incrementCounter('jobs', 1);
    expect(await metricPoints('jobs')).toMatchObject([{ value: 1 }]);
  });
});

describe('the current test client', () => {
  it('is the latest one made; another is read by passing it', async () => {
    const first = make({ serviceName: 'first' });
    first.span('a', () => undefined);
    const second = make({ serviceName: 'second' });
    second.span('b', () => undefined);
    expect((await spans()).map((s) => s.name)).toEqual(['b']);
    expect((await spans({}, first)).map((s) => s.name)).toEqual(['a']);
    await reset(first);
    expect(await spans({}, first)).toEqual([]);
    expect(await spans({}, second)).toHaveLength(1);
  });

  it('must exist', async () => {
    vi.resetModules(); // a fresh copy of the package: no test client made yet
    const fresh = await import('../src/index.js');
    await expect(fresh.spans()).rejects.toMatchObject({
      code: 'TF_NOT_A_TEST_CLIENT',
      message: 'No test client: call createTestClient() from @telemetryflow/testing first',
    });
  });

  it('must be a test client', async () => {
    const other = new TelemetryFlowClient(make().config, { transport: () => ({}) as never });
    const error = await spans({}, other).catch((e: unknown) => e as TelemetryFlowError);
    expect(error).toMatchObject({
      code: 'TF_NOT_A_TEST_CLIENT',
      message: expect.stringContaining('createTestClient') as string,
    });
    expect(() => diagnostics(other)).toThrow('Not a test client');
  });
});
