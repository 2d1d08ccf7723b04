import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { startLoopbackClient } from '@telemetryflow-internal/test-utils/http-receiver';
import type { HttpReceiver } from '@telemetryflow-internal/test-utils/http-receiver';
import { afterEach, describe, expect, it } from 'vitest';
import { SpanKind, TelemetryFlowClient } from '../src/index.js';
import type { TelemetryConfigOptions } from '../src/index.js';

type Obj = Record<string, unknown>;
interface Exemplar {
  readonly asDouble: number;
  readonly timeUnixNano: string;
  readonly traceId?: string;
  readonly spanId?: string;
}

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((close) => close()));
});

/** A running client on a loopback OTLP/HTTP receiver; metrics leave on `flush()` only. */
const started = async (overrides: Partial<TelemetryConfigOptions> = {}) => {
  const loopback = await startLoopbackClient(TelemetryFlowClient, {
    enableLogs: false,
    metricExportIntervalMs: 600_000,
    ...overrides,
  });
  cleanups.push(() => loopback.close());
  return loopback;
};

/** The data points of metric `name` in what one flush sent, decoded with the official protos. */
const flushedPoints = async (loopback: { flush(): Promise<void>; receiver: HttpReceiver }, name: string) => {
  const before = loopback.receiver.accepted('metrics').length;
  await loopback.flush();
  const requests = loopback.receiver.accepted('metrics').slice(before);
  const metric = requests
    .flatMap((r) => (r.request?.['resourceMetrics'] ?? []) as Obj[])
    .flatMap((rm) => (rm['scopeMetrics'] ?? []) as Obj[])
    .flatMap((s) => (s['metrics'] ?? []) as Obj[])
    .find((m) => m['name'] === name);
  const data = (metric?.['histogram'] ?? metric?.['sum'] ?? metric?.['gauge']) as
    { dataPoints?: Obj[] } | undefined;
  return data?.dataPoints ?? [];
};

const exemplarsOf = (point: Obj | undefined): Exemplar[] => (point?.['exemplars'] ?? []) as Exemplar[];

/** Counts a job on counter `jobs` inside a span of its own; returns the span's id. */
const countInSpan = (client: TelemetryFlowClient, attributes?: Record<string, string>): string => {
  let spanId = '';
  client.span('job', SpanKind.INTERNAL, undefined, (id) => {
    spanId = id;
    client.incrementCounter('jobs', 1, attributes);
  });
  return spanId;
};

/** Index of the explicit bucket `value` falls in (upper-inclusive, as OTLP defines them). */
const bucketOf = (value: number, bounds: readonly number[]): number => {
  const index = bounds.findIndex((bound) => value <= bound);
  return index === -1 ? bounds.length : index;
};

describe('exemplars', () => {
  it('link histogram points to the sampled span each value was recorded in, one per bucket', async () => {
    const loopback = await started();
    const { client } = loopback;
    const spans: Record<string, string> = {};
    const inSpan = (name: string, values: number[]) =>
      client.span(name, SpanKind.INTERNAL, undefined, (spanId) => {
        spans[name] = spanId;
        for (const v of values) client.recordHistogram('job.duration', v, 's', { queue: 'emails' });
      });
    inSpan('fast', [0.003]);
    inSpan('medium', [0.2, 0.21, 0.22]);
    // Outside any span: counted in the histogram, never an exemplar (trace_based).
    client.recordHistogram('job.duration', 3, 's', { queue: 'emails' });
    const traces = new Map<string, string>();
    const [point] = await flushedPoints(loopback, 'job.duration');
    await loopback.flush();
    for (const span of loopback.receiver.spans())
      traces.set(String(span.item['spanId']), String(span.item['traceId']));

    expect(point?.['count']).toBe('5');
    const exemplars = exemplarsOf(point);
    const bounds = point?.['explicitBounds'] as number[];
    // One exemplar per bucket that saw a value in a span: 0.003 → ≤ 0.005, the 0.2s → ≤ 0.25.
    expect(exemplars.map((e) => bucketOf(e.asDouble, bounds))).toEqual([
      bucketOf(0.003, bounds),
      bucketOf(0.2, bounds),
    ]);
    const [fast, medium] = exemplars;
    expect(fast).toMatchObject({
      asDouble: 0.003,
      spanId: spans['fast'],
      traceId: traces.get(spans['fast'] ?? ''),
    });
    expect([0.2, 0.21, 0.22]).toContain(medium?.asDouble);
    expect(medium).toMatchObject({ spanId: spans['medium'], traceId: traces.get(spans['medium'] ?? '') });
    expect(BigInt(fast?.timeUnixNano ?? '0')).toBeGreaterThan(0n);
  });

  it('ride on counters too, and follow the temporality: kept while cumulative, renewed each delta export', async () => {
    const cumulative = await started();
    cumulative.client.span('order', SpanKind.INTERNAL, undefined, () =>
      cumulative.client.incrementCounter('orders', 1),
    );
    expect(exemplarsOf((await flushedPoints(cumulative, 'orders'))[0])).toHaveLength(1);
    // Nothing new: the cumulative point still carries the last exemplar of its series.
    expect(exemplarsOf((await flushedPoints(cumulative, 'orders'))[0])).toHaveLength(1);

    const delta = await started({ metricTemporalityPreference: 'delta' });
    const { client } = delta;
    client.span('order', SpanKind.INTERNAL, undefined, () => client.incrementCounter('orders', 1));
    expect(exemplarsOf((await flushedPoints(delta, 'orders'))[0])).toHaveLength(1);
    client.incrementCounter('orders', 1); // outside a span
    const [point] = await flushedPoints(delta, 'orders');
    expect(point?.['asInt'] ?? point?.['asDouble']).toBeDefined();
    expect(exemplarsOf(point)).toEqual([]);
  });

  it('follow a context manager that replaced the client’s (context.disable(), then another registered)', async () => {
    const loopback = await started({ metricTemporalityPreference: 'delta' });
    const recordInSpan = () => countInSpan(loopback.client);
    const before = recordInSpan();
    expect(exemplarsOf((await flushedPoints(loopback, 'jobs'))[0])).toEqual([
      expect.objectContaining({ spanId: before }),
    ]);
    // The client reads the active context from its own manager while that one is the global one.
    context.disable();
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    const after = recordInSpan();
    expect(exemplarsOf((await flushedPoints(loopback, 'jobs'))[0])).toEqual([
      expect.objectContaining({ spanId: after }),
    ]);
  });

  it('always_on keeps values recorded outside spans (without ids); always_off and withExemplars(false) send none', async () => {
    const on = await started({ exemplarFilter: 'always_on' });
    on.client.recordHistogram('payload.size', 70, 'By');
    const [onPoint] = await flushedPoints(on, 'payload.size');
    expect(exemplarsOf(onPoint)).toEqual([expect.objectContaining({ asDouble: 70 })]);
    expect(exemplarsOf(onPoint)[0]?.traceId).toBeUndefined();

    for (const overrides of [{ exemplarFilter: 'always_off' as const }, { enableExemplars: false }]) {
      const off = await started(overrides);
      off.client.span('op', SpanKind.INTERNAL, undefined, () =>
        off.client.recordHistogram('payload.size', 70, 'By'),
      );
      const [point] = await flushedPoints(off, 'payload.size');
      expect(point?.['count']).toBe('1');
      expect(exemplarsOf(point)).toEqual([]);
    }
  });

  it('place exemplars in the buckets a histogram was given, per series', async () => {
    const loopback = await started({ histogramBuckets: { 'payload.size': [100, 1_000] } });
    const { client } = loopback;
    client.span('upload', SpanKind.INTERNAL, undefined, () => {
      client.recordHistogram('payload.size', 50, 'By', { route: '/a' });
      client.recordHistogram('payload.size', 5_000, 'By', { route: '/a' });
      client.recordHistogram('payload.size', 500, 'By', { route: '/b' });
    });
    const points = await flushedPoints(loopback, 'payload.size');
    const byRoute = Object.fromEntries(
      points.map((p) => [
        JSON.stringify(p['attributes']).includes('/a') ? 'a' : 'b',
        exemplarsOf(p).map((e) => bucketOf(e.asDouble, [100, 1_000])),
      ]),
    );
    expect(byRoute).toEqual({ a: [0, 2], b: [1] });
  });

  it('sample a series once, whatever order its attributes were written in, and with array values', async () => {
    const loopback = await started({ histogramBuckets: { 'payload.size': [100, 1_000] } });
    const { client } = loopback;
    client.span('upload', SpanKind.INTERNAL, undefined, () => {
      client.recordHistogram('payload.size', 50, 'By', { route: '/a', method: 'PUT' });
      client.recordHistogram('payload.size', 5_000, 'By', { method: 'PUT', route: '/a' });
      client.recordHistogram('payload.size', 500, 'By', { route: '/a', tags: ['x', 'y'] });
      client.recordHistogram('payload.size', 600, 'By', { tags: ['x', 'y'], route: '/a' });
    });
    const points = await flushedPoints(loopback, 'payload.size');
    const buckets = points.map((p) => ({
      count: p['count'],
      buckets: exemplarsOf(p).map((e) => bucketOf(e.asDouble, [100, 1_000])),
    }));
    expect(buckets).toHaveLength(2);
    expect(buckets).toContainEqual({ count: '2', buckets: [0, 2] });
    expect(buckets).toContainEqual({ count: '2', buckets: [1] });
  });

  it('sample a delta series again after an export of its instrument without it (its reservoir went)', async () => {
    const loopback = await started({ metricTemporalityPreference: 'delta' });
    const { client } = loopback;
    const inSpan = () => countInSpan(client, { queue: 'emails' });
    inSpan();
    expect(exemplarsOf((await flushedPoints(loopback, 'jobs'))[0])).toHaveLength(1);
    // In this interval only another series of 'jobs': the first one's reservoir goes.
    client.incrementCounter('jobs', 1, { queue: 'sms' });
    expect(await flushedPoints(loopback, 'jobs')).toHaveLength(1);
    const again = inSpan();
    expect(exemplarsOf((await flushedPoints(loopback, 'jobs'))[0])).toEqual([
      expect.objectContaining({ spanId: again }),
    ]);
  });

  it('keep sampling once the index of a series’ attribute orders reached its bound and was emptied', async () => {
    // Cardinality limit 3: two series hold reservoirs, and the index at most 4 attribute orders.
    const loopback = await started({ metricCardinalityLimit: 3, metricTemporalityPreference: 'delta' });
    const { client } = loopback;
    const orders = [
      { a: 1, b: 1, c: 1 },
      { a: 1, c: 1, b: 1 },
      { b: 1, a: 1, c: 1 },
      { b: 1, c: 1, a: 1 },
      { c: 1, a: 1, b: 1 },
      { c: 1, b: 1, a: 1 },
    ];
    let last = '';
    for (const attributes of orders) {
      client.span('job', SpanKind.INTERNAL, undefined, (id) => {
        last = id;
        client.recordGauge('depth', 7, attributes);
      });
    }
    const points = await flushedPoints(loopback, 'depth');
    expect(points).toHaveLength(1);
    // One reservoir for the six orders: its one exemplar is one of the six measurements.
    expect(exemplarsOf(points[0])).toHaveLength(1);
    client.span('job', SpanKind.INTERNAL, undefined, (id) => {
      last = id;
      client.recordGauge('depth', 8, { b: 1, c: 1, a: 1 });
    });
    expect(exemplarsOf((await flushedPoints(loopback, 'depth'))[0])).toEqual([
      expect.objectContaining({ asDouble: 8, spanId: last }),
    ]);
  });
});
