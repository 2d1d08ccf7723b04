import {
  Credentials,
  InvalidQueryError,
  SpanKind,
  TelemetryConfig,
  TelemetryFlowClient,
} from '@telemetryflow/client';
import type { TelemetryFlowError } from '@telemetryflow/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  InMemoryTransport,
  StoreReadPort,
  TelemetryStore,
  createTestClient,
  reset,
  spans,
} from '../src/index.js';

// Every answer below comes from what a real client exported through the in-memory transport:
// no sleeps (each query flushes the client first), no ports.

let client: TelemetryFlowClient;
beforeEach(() => {
  client = createTestClient({ serviceName: 'checkout' });
});
afterEach(() => client.shutdown());

/**
 * Turns of the event loop until the millisecond clock moves: spans start on `Date.now()`, so two
 * spans then start in a strict order. Waits for the clock, not for a time.
 */
const tick = async (): Promise<void> => {
  const start = Date.now();
  while (Date.now() === start) await new Promise((resolve) => setImmediate(resolve));
};

describe('getTrace', () => {
  it('returns the trace of a span tree in start order, parents first, with events and status', async () => {
    const rootId = await client.span('POST /orders', SpanKind.SERVER, async (spanId) => {
      await client.span('db.insert', SpanKind.CLIENT, { 'db.system': 'postgresql' }, tick);
      await client
        .span('charge', async () => {
          throw new Error('card declined');
        })
        .catch(() => undefined);
      return spanId;
    });
    const [root] = await spans({ name: 'POST /orders' });
    const trace = await client.getTrace(root!.traceId);
    expect(trace?.traceId).toBe(root!.traceId);
    expect(trace?.spans.map((s) => s.name)).toEqual(['POST /orders', 'db.insert', 'charge']);
    const [server, db, charge] = trace!.spans;
    expect(server).toMatchObject({ spanId: rootId, parentSpanId: undefined, kind: 'server', status: 'ok' });
    expect(db).toMatchObject({
      parentSpanId: rootId,
      kind: 'client',
      attributes: { 'db.system': 'postgresql' },
    });
    expect(charge).toMatchObject({ parentSpanId: rootId, status: 'error', statusMessage: 'card declined' });
    expect(charge?.events.map((e) => e.name)).toEqual(['exception']);
    expect(server?.serviceName).toBe('checkout');
    // The trace lasts from the root's start to the last end; every span's times are epoch ms.
    expect(trace?.durationMs).toBeGreaterThanOrEqual(db!.durationMs!);
    expect(server!.startTime).toBeLessThanOrEqual(db!.startTime);
    expect(Math.abs(server!.startTime - Date.now())).toBeLessThan(60_000);
  });

  it('takes the id in any case, and answers undefined for an unknown trace', async () => {
    client.span('job', () => undefined);
    const [job] = await spans({ name: 'job' });
    expect((await client.getTrace(job!.traceId.toUpperCase()))?.spans).toHaveLength(1);
    expect(await client.getTrace('0af7651916cd43dd8448eb211c80319c')).toBeUndefined();
  });
});

describe('searchTraces', () => {
  /** A long trace whose span is open while a short one runs entirely: the long one starts first and lasts longer. */
  const twoTraces = async () => {
    const longId = client.startSpan('report', SpanKind.INTERNAL, { tenant: 'acme' });
    await tick();
    await client.span('ping', SpanKind.SERVER, { tenant: 'globex' }, tick);
    await tick();
    client.endSpan(longId);
    const [report] = await spans({ name: 'report' });
    const [ping] = await spans({ name: 'ping' });
    return { report: report!, ping: ping! };
  };

  it('finds traces by operation, attributes, duration and start time; most recent first', async () => {
    const { report, ping } = await twoTraces();
    const ids = (found: readonly { traceId: string }[]) => found.map((t) => t.traceId);
    expect(ids(await client.searchTraces())).toEqual([ping.traceId, report.traceId]);
    expect(ids(await client.searchTraces({ limit: 1 }))).toEqual([ping.traceId]);
    expect(ids(await client.searchTraces({ operationName: 'report' }))).toEqual([report.traceId]);
    expect(ids(await client.searchTraces({ attributes: { tenant: 'globex' } }))).toEqual([ping.traceId]);
    expect(ids(await client.searchTraces({ minDurationMs: report.durationMs! }))).toEqual([report.traceId]);
    expect(ids(await client.searchTraces({ maxDurationMs: ping.durationMs! }))).toEqual([ping.traceId]);
    expect(ids(await client.searchTraces({ startTime: ping.startTime }))).toEqual([ping.traceId]);
    expect(ids(await client.searchTraces({ endTime: report.startTime }))).toEqual([report.traceId]);
    // Operation and attributes must match on the same span.
    expect(await client.searchTraces({ operationName: 'report', attributes: { tenant: 'globex' } })).toEqual(
      [],
    );
  });

  it('finds traces by service when several clients export to one store', async () => {
    // Two ordinary clients over one store, built from the package's parts; without `beforeRead`
    // the read port does not flush, so the test does.
    const store = new TelemetryStore();
    const make = (serviceName: string) =>
      new TelemetryFlowClient(
        TelemetryConfig.create({
          credentials: Credentials.create('tfk_test', 'tfs_test-secret'),
          endpoint: 'localhost:4317',
          serviceName,
          exitFlushTimeoutMs: 0,
        }),
        { transport: () => new InMemoryTransport(store), read: new StoreReadPort(store) },
      ).initialize();
    const gateway = make('gateway');
    const payments = make('payments');
    try {
      gateway.span('route', () => undefined);
      payments.span('authorize', () => undefined);
      await Promise.all([gateway.flush(), payments.flush()]);
      const found = await gateway.searchTraces({ serviceName: 'payments' });
      expect(found.map((t) => t.spans.map((s) => [s.serviceName, s.name]))).toEqual([
        [['payments', 'authorize']],
      ]);
      expect(await gateway.searchTraces({ serviceName: 'nobody' })).toEqual([]);
    } finally {
      await Promise.all([gateway.shutdown(), payments.shutdown()]);
    }
  });
});

describe('getMetric', () => {
  it("answers a counter's total, a gauge's last value and a histogram's sum", async () => {
    client.incrementCounter('orders.created', 2, { region: 'eu' });
    client.incrementCounter('orders.created', 3, { region: 'eu' });
    client.incrementCounter('orders.created', 10, { region: 'us' });
    client.recordGauge('queue.depth', 7);
    client.recordGauge('queue.depth', 4);
    client.recordHistogram('payment.duration', 120, 'ms');
    client.recordHistogram('payment.duration', 80, 'ms');
    expect(await client.getMetric('orders.created', { region: 'eu' })).toMatchObject({
      name: 'orders.created',
      value: 5,
      attributes: { region: 'eu' },
    });
    // Several series: a counter's totals add up.
    expect(await client.getMetric('orders.created')).toMatchObject({ value: 15, attributes: {} });
    expect(await client.getMetric('queue.depth')).toMatchObject({ value: 4 });
    expect(await client.getMetric('payment.duration')).toMatchObject({ value: 200, unit: 'ms' });
    expect(await client.getMetric('nothing.here')).toBeUndefined();
    expect(await client.getMetric('orders.created', { region: 'asia' })).toBeUndefined();
  });

  it('answers the current total after more is recorded, and its export time', async () => {
    client.incrementCounter('jobs', 1);
    const first = await client.getMetric('jobs');
    client.incrementCounter('jobs', 1);
    const second = await client.getMetric('jobs');
    expect([first?.value, second?.value]).toEqual([1, 2]);
    expect(second!.timestamp).toBeGreaterThan(first!.timestamp);
  });
});

describe('aggregateMetrics', () => {
  it("aggregates a histogram's recordings", async () => {
    for (const ms of [120, 80, 40]) client.recordHistogram('payment.duration', ms, 'ms', { method: 'card' });
    client.recordHistogram('payment.duration', 1000, 'ms', { method: 'wire' });
    expect(await client.aggregateMetrics('payment.duration', {}, { method: 'card' })).toMatchObject({
      name: 'payment.duration',
      min: 40,
      max: 120,
      sum: 240,
      count: 3,
      avg: 80,
      unit: 'ms',
    });
    expect(await client.aggregateMetrics('payment.duration')).toMatchObject({
      count: 4,
      max: 1000,
      sum: 1240,
    });
  });

  it("sums a counter's increases, however often it was exported between them", async () => {
    client.incrementCounter('orders.created', 2);
    expect(await client.getMetric('orders.created')).toMatchObject({ value: 2 }); // an export in between
    client.incrementCounter('orders.created', 5);
    expect(await client.aggregateMetrics('orders.created')).toMatchObject({
      sum: 7,
      min: 2,
      max: 5,
      count: 2,
    });
  });

  it("aggregates a gauge's values over a window; undefined when none falls in it", async () => {
    client.recordGauge('queue.depth', 10);
    const first = await client.getMetric('queue.depth');
    client.recordGauge('queue.depth', 30);
    const second = await client.getMetric('queue.depth');
    expect(await client.aggregateMetrics('queue.depth')).toMatchObject({
      min: 10,
      max: 30,
      sum: 40,
      count: 2,
      avg: 20,
      startTime: first!.timestamp,
      endTime: second!.timestamp,
    });
    const window = { startTime: second!.timestamp, endTime: second!.timestamp };
    expect(await client.aggregateMetrics('queue.depth', window)).toMatchObject({
      count: 1,
      sum: 30,
      ...window,
    });
    expect(await client.aggregateMetrics('queue.depth', { endTime: first!.timestamp - 1 })).toBeUndefined();
    expect(await client.aggregateMetrics('never.recorded')).toBeUndefined();
  });
});

describe('getLogs', () => {
  it('filters by severity, trace id, text and attributes, oldest first', async () => {
    client.logInfo('server started');
    client.span('checkout', () => {
      client.logWarn('card expires soon', { customer: 'c-1' });
      client.logError('payment failed', { customer: 'c-1' });
    });
    const { traceId } = (await spans({ name: 'checkout' }))[0]!;
    const messages = async (options: Parameters<typeof client.getLogs>[0]) =>
      (await client.getLogs(options)).logs.map((l) => l.message);
    expect(await messages({})).toEqual(['server started', 'card expires soon', 'payment failed']);
    expect(await messages({ severity: 'error' })).toEqual(['payment failed']);
    expect(await messages({ traceId: traceId.toUpperCase() })).toEqual([
      'card expires soon',
      'payment failed',
    ]);
    expect(await messages({ text: 'card' })).toEqual(['card expires soon']);
    expect(await messages({ attributes: { customer: 'c-1' }, severity: 'warn' })).toEqual([
      'card expires soon',
    ]);
    const [warn] = (await client.getLogs({ severity: 'warn' })).logs;
    expect(warn).toEqual({
      message: 'card expires soon',
      severity: 'warn',
      timestamp: expect.any(Number) as number,
      traceId,
      spanId: expect.stringMatching(/^[0-9a-f]{16}$/) as string,
      attributes: { customer: 'c-1' },
    });
  });

  it('pages with limit and offset, and says how many match', async () => {
    for (let i = 1; i <= 5; i++) client.logInfo(`line ${i}`);
    expect(await client.getLogs({ limit: 2 })).toMatchObject({
      logs: [{ message: 'line 1' }, { message: 'line 2' }],
      totalCount: 5,
      hasMore: true,
    });
    expect(await client.getLogs({ limit: 2, offset: 4 })).toMatchObject({
      logs: [{ message: 'line 5' }],
      totalCount: 5,
      hasMore: false,
    });
    expect(await client.getLogs({ offset: 9 })).toEqual({ logs: [], totalCount: 5, hasMore: false });
  });

  it('filters by time window, on the records’ own time', async () => {
    client.emitLog({ body: 'old', timestamp: 1_000 });
    client.emitLog({ body: 'middle', timestamp: 2_000 });
    client.emitLog({ body: 'new', timestamp: 3_000 });
    const window = await client.getLogs({ startTime: 1_500, endTime: 3_000 });
    expect(window.logs.map((l) => [l.message, l.timestamp])).toEqual([
      ['middle', 2_000],
      ['new', 3_000],
    ]);
  });
});

describe('query validation through the client', () => {
  const rejection = async (call: () => Promise<unknown>): Promise<TelemetryFlowError> => {
    const error = await call().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InvalidQueryError);
    return error as TelemetryFlowError;
  };

  it('rejects invalid queries with InvalidQueryError, naming the field', async () => {
    expect((await rejection(() => client.getTrace('xyz'))).message).toContain(
      'traceId must be 32 hex digits',
    );
    expect((await rejection(() => client.getMetric(''))).message).toContain('name is required');
    expect(
      (await rejection(() => client.aggregateMetrics('m', { startTime: 5, endTime: 1 }))).message,
    ).toContain('startTime (5) must not exceed endTime (1)');
    expect((await rejection(() => client.getLogs({ limit: 0 }))).message).toContain(
      'limit must be an integer',
    );
    expect((await rejection(() => client.getLogs({ offset: -1 }))).message).toContain('offset must be');
    expect(
      (await rejection(() => client.searchTraces({ minDurationMs: 9, maxDurationMs: 1 }))).message,
    ).toContain('minDurationMs (9) must not exceed maxDurationMs (1)');
  });
});

describe('reset between tests', () => {
  it('leaves nothing of the previous test', async () => {
    client.logInfo('before');
    client.incrementCounter('orders.created', 3);
    await reset();
    client.incrementCounter('orders.created', 1);
    expect((await client.getLogs()).totalCount).toBe(0);
    expect(await client.getMetric('orders.created')).toMatchObject({ value: 1 });
    expect(await client.aggregateMetrics('orders.created')).toMatchObject({ sum: 1, count: 1 });
  });
});
