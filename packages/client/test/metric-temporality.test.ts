import { attributes } from '@telemetryflow-internal/test-utils';
import { startLoopbackClient } from '@telemetryflow-internal/test-utils/http-receiver';
import type { HttpReceiver } from '@telemetryflow-internal/test-utils/http-receiver';
import { afterEach, describe, expect, it } from 'vitest';
import { TelemetryFlowClient } from '../src/index.js';
import type { TelemetryConfigOptions } from '../src/index.js';

type Obj = Record<string, unknown>;

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((close) => close()));
});

/** A running client exporting to a loopback OTLP/HTTP receiver; metrics leave on `flush()` only. */
const started = async (overrides: Partial<TelemetryConfigOptions>) => {
  const loopback = await startLoopbackClient(TelemetryFlowClient, {
    enableTraces: false,
    enableLogs: false,
    metricExportIntervalMs: 600_000,
    ...overrides,
  });
  cleanups.push(() => loopback.close());
  return loopback;
};

/** The metric `name` of the newest metrics request, as decoded from protobuf. */
const latest = (receiver: HttpReceiver, name: string): Obj | undefined => {
  const requests = receiver.accepted('metrics');
  const request = requests[requests.length - 1]?.request;
  const scopes = ((request?.['resourceMetrics'] ?? []) as Obj[]).flatMap(
    (rm) => (rm['scopeMetrics'] ?? []) as Obj[],
  );
  return scopes.flatMap((s) => (s['metrics'] ?? []) as Obj[]).find((m) => m['name'] === name);
};

/** Flushes and returns the metric `name` from what that flush sent (`undefined` when it sent nothing). */
const collected = async (loopback: { flush(): Promise<void>; receiver: HttpReceiver }, name: string) => {
  const before = loopback.receiver.accepted('metrics').length;
  await loopback.flush();
  return loopback.receiver.accepted('metrics').length > before ? latest(loopback.receiver, name) : undefined;
};

const sumOf = (metric: Obj | undefined) =>
  metric?.['sum'] as { aggregationTemporality: string; dataPoints: Obj[] };

const valueOf = (point: Obj | undefined): number => Number(point?.['asInt'] ?? point?.['asDouble']);

describe('temporality preference', () => {
  it('cumulative (default): totals grow and every point keeps its start time', async () => {
    const loopback = await started({});
    loopback.client.incrementCounter('jobs', 2);
    const first = sumOf(await collected(loopback, 'jobs'));
    loopback.client.incrementCounter('jobs', 3);
    const second = sumOf(await collected(loopback, 'jobs'));
    expect(second.aggregationTemporality).toBe('AGGREGATION_TEMPORALITY_CUMULATIVE');
    expect(valueOf(second.dataPoints[0])).toBe(5);
    expect(second.dataPoints[0]?.['startTimeUnixNano']).toBe(first.dataPoints[0]?.['startTimeUnixNano']);
  });

  it('delta: each export carries what happened since the last, starting where the last ended', async () => {
    const loopback = await started({ metricTemporalityPreference: 'delta' });
    const { client } = loopback;
    client.incrementCounter('jobs', 2);
    client.recordHistogram('latency', 0.2, 's');
    const first = sumOf(await collected(loopback, 'jobs'));
    client.incrementCounter('jobs', 3);
    client.recordHistogram('latency', 0.4, 's');
    const secondJobs = await collected(loopback, 'jobs');
    const second = sumOf(secondJobs);
    expect(second.aggregationTemporality).toBe('AGGREGATION_TEMPORALITY_DELTA');
    expect(second.dataPoints.map(valueOf)).toEqual([3]);
    expect(BigInt(second.dataPoints[0]?.['startTimeUnixNano'] as string)).toBeGreaterThanOrEqual(
      BigInt(first.dataPoints[0]?.['timeUnixNano'] as string),
    );
    const histogram = latest(loopback.receiver, 'latency')?.['histogram'] as Obj;
    expect(histogram['aggregationTemporality']).toBe('AGGREGATION_TEMPORALITY_DELTA');
    expect((histogram['dataPoints'] as Obj[]).map((p) => [p['count'], p['sum']])).toEqual([['1', 0.4]]);
    // Nothing recorded since: the counter has no point to send.
    expect(sumOf(await collected(loopback, 'jobs'))?.dataPoints ?? []).toEqual([]);
  });

  it('delta keeps up-down counters cumulative; lowmemory makes observable counters cumulative', async () => {
    const delta = await started({ metricTemporalityPreference: 'delta' });
    delta.client.observeUpDownCounter('connections', (o) => o.observe(4));
    await delta.flush();
    expect(sumOf(await collected(delta, 'connections'))).toMatchObject({
      aggregationTemporality: 'AGGREGATION_TEMPORALITY_CUMULATIVE',
    });

    const low = await started({ metricTemporalityPreference: 'lowmemory' });
    let total = 0;
    low.client.observeCounter('bytes.read', (o) => o.observe((total += 100)));
    await low.flush();
    low.client.incrementCounter('jobs');
    const observed = sumOf(await collected(low, 'bytes.read'));
    expect(observed.aggregationTemporality).toBe('AGGREGATION_TEMPORALITY_CUMULATIVE');
    expect(observed.dataPoints.map(valueOf)).toEqual([total]);
    expect(sumOf(latest(low.receiver, 'jobs')).aggregationTemporality).toBe('AGGREGATION_TEMPORALITY_DELTA');
  });
});

describe('histogram buckets', () => {
  it('uses the boundaries given for a histogram by name, and the default for the others', async () => {
    const loopback = await started({ histogramBuckets: { 'payload.size': [1_000, 10_000, 100_000] } });
    loopback.client.recordHistogram('payload.size', 50_000, 'By');
    loopback.client.recordHistogram('other', 50_000);
    const named = (await collected(loopback, 'payload.size'))?.['histogram'] as { dataPoints: Obj[] };
    expect(named.dataPoints[0]).toMatchObject({
      explicitBounds: [1_000, 10_000, 100_000],
      bucketCounts: ['0', '0', '1', '0'],
    });
    const other = latest(loopback.receiver, 'other')?.['histogram'] as { dataPoints: Obj[] };
    // OpenTelemetry's default boundaries end at 10,000: the value lands in the overflow bucket.
    const bounds = other.dataPoints[0]?.['explicitBounds'] as number[];
    expect(bounds[bounds.length - 1]).toBe(10_000);
  });

  it('exports base-2 exponential histograms, merged across collections, unless the name has buckets', async () => {
    const loopback = await started({
      histogramAggregation: 'base2_exponential_bucket_histogram',
      histogramBuckets: { fixed: [1, 2] },
    });
    const { client } = loopback;
    // No exact powers of two: their index is exact, where this test's logarithm is not.
    const values = [0.6, 3, 7, 1_000, 123_456];
    for (const v of values.slice(0, 3)) client.recordHistogram('response.size', v);
    client.recordHistogram('fixed', 1.5);
    await loopback.flush();
    for (const v of values.slice(3)) client.recordHistogram('response.size', v);
    const metric = await collected(loopback, 'response.size');
    const data = metric?.['exponentialHistogram'] as { aggregationTemporality: string; dataPoints: Obj[] };
    expect(data.aggregationTemporality).toBe('AGGREGATION_TEMPORALITY_CUMULATIVE');
    const point = data.dataPoints[0] as Obj & {
      scale: number;
      positive: { offset?: number; bucketCounts: string[] };
    };
    expect(point['count']).toBe(String(values.length));
    expect(point['sum']).toBeCloseTo(values.reduce((a, b) => a + b, 0));
    expect([point['min'], point['max']]).toEqual([0.6, 123_456]);
    // Each value lies in the bucket its index names: (base^index, base^(index+1)], base = 2^(2^-scale).
    const base = 2 ** (2 ** -point.scale);
    const offset = point.positive.offset ?? 0;
    const filled = point.positive.bucketCounts.flatMap((count, i) => (count === '0' ? [] : [offset + i]));
    const expected = [...new Set(values.map((v) => Math.ceil(Math.log(v) / Math.log(base)) - 1))];
    expect(filled).toEqual(expected);
    expect(latest(loopback.receiver, 'fixed')?.['histogram']).toBeDefined();
  });
});

describe('observable instruments', () => {
  it('export what the callback observes at each collection; a series no longer observed is gone', async () => {
    const loopback = await started({});
    const queues = new Map([
      ['orders', 5],
      ['emails', 1],
    ]);
    const unregister = loopback.client.observeGauge(
      'queue.depth',
      (o) => {
        for (const [queue, depth] of queues) o.observe(depth, { queue });
      },
      { unit: '{message}', description: 'Messages waiting' },
    );
    const depths = async () => {
      const metric = await collected(loopback, 'queue.depth');
      const points = ((metric?.['gauge'] as { dataPoints?: Obj[] } | undefined)?.dataPoints ?? []).map(
        (p) => [attributes(p['attributes'])['queue'], valueOf(p)],
      );
      return { metric, points: points.sort() };
    };
    const first = await depths();
    expect(first.metric).toMatchObject({ unit: '{message}', description: 'Messages waiting' });
    expect(first.points).toEqual([
      ['emails', 1],
      ['orders', 5],
    ]);
    queues.delete('orders');
    queues.set('emails', 2);
    expect((await depths()).points).toEqual([['emails', 2]]);
    unregister();
    expect((await depths()).points).toEqual([]);
    expect(loopback.client.getStatus().signals.metrics).toMatchObject({ dropped: 0 });
  });

  it('survives a callback that throws, counting it, and keeps registrations across shutdown and initialize', async () => {
    const loopback = await started({});
    const { client } = loopback;
    client.observeGauge('broken', () => {
      throw new Error('database gone');
    });
    client.observeGauge('healthy', (o) => o.observe(1));
    const healthy = (await collected(loopback, 'healthy'))?.['gauge'] as { dataPoints: Obj[] };
    expect(healthy.dataPoints.map(valueOf)).toEqual([1]);
    expect(client.getStatus().lastInvalidReason).toBe(
      "observable gauge 'broken': its callback threw: database gone",
    );
    await client.shutdown(5_000);
    client.initialize();
    const again = (await collected(loopback, 'healthy'))?.['gauge'] as { dataPoints: Obj[] };
    expect(again.dataPoints.map(valueOf)).toEqual([1]);
  });
});
