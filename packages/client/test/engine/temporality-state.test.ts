import type { Attributes, HrTime } from '@opentelemetry/api';
import { ValueType } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AggregationTemporality, DataPointType, InstrumentType } from '@opentelemetry/sdk-metrics';
import type { DataPoint, Histogram, MetricData, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { OVERFLOW_ATTRIBUTES, TemporalityState } from '../../src/engine/export/temporality-state.js';

const resource = resourceFromAttributes({});
const scope = { name: 'test' };
const t = (s: number): HrTime => [s, 0];

const metric = (
  name: string,
  type: DataPointType.SUM | DataPointType.GAUGE | DataPointType.HISTOGRAM,
  points: [Attributes, number | Histogram][],
  temporality = AggregationTemporality.DELTA,
  instrument?: InstrumentType,
): MetricData =>
  ({
    // OpenTelemetry JS's descriptors carry the instrument type; without it the kind is read from the data.
    descriptor: {
      name,
      description: '',
      unit: '',
      valueType: ValueType.DOUBLE,
      ...(instrument === undefined ? {} : { type: instrument }),
    },
    aggregationTemporality: temporality,
    dataPointType: type,
    ...(type === DataPointType.SUM ? { isMonotonic: instrument !== InstrumentType.UP_DOWN_COUNTER } : {}),
    dataPoints: points.map(([attributes, value]) => ({ attributes, value, startTime: t(1), endTime: t(2) })),
  }) as MetricData;

const collection = (...metrics: MetricData[]): ResourceMetrics => ({
  resource,
  scopeMetrics: [{ scope, metrics }],
});

const pointsOf = (rm: ResourceMetrics, name: string): DataPoint<unknown>[] =>
  rm.scopeMetrics.flatMap((s) => s.metrics).find((m) => m.descriptor.name === name)?.dataPoints ?? [];

const histogram = (counts: number[], sum: number, min: number, max: number): Histogram => ({
  buckets: { boundaries: [10], counts },
  count: counts.reduce((a, b) => a + b, 0),
  sum,
  min,
  max,
});

describe('TemporalityState', () => {
  it('adds sums, keeps the last gauge value and merges histograms across collections', () => {
    const state = new TemporalityState(100);
    state.accumulate(
      collection(
        metric('c', DataPointType.SUM, [[{ a: 1 }, 2]]),
        metric('g', DataPointType.GAUGE, [[{}, 5]]),
        metric('h', DataPointType.HISTOGRAM, [[{}, histogram([1, 0], 3, 3, 3)]]),
      ),
      t(2),
    );
    const second = state.accumulate(
      collection(
        metric('c', DataPointType.SUM, [[{ a: 1 }, 3]]),
        metric('g', DataPointType.GAUGE, [[{}, 7]]),
        metric('h', DataPointType.HISTOGRAM, [[{}, histogram([0, 2], 40, 15, 25)]]),
      ),
      t(3),
    );
    expect(pointsOf(second, 'c').map((p) => p.value)).toEqual([5]);
    expect(pointsOf(second, 'g').map((p) => p.value)).toEqual([7]);
    expect(pointsOf(second, 'h')[0]?.value).toEqual(histogram([1, 2], 43, 3, 25));
    const metrics = second.scopeMetrics[0]?.metrics ?? [];
    expect(metrics.every((m) => m.aggregationTemporality === AggregationTemporality.CUMULATIVE)).toBe(true);
    expect(pointsOf(second, 'c')[0]).toMatchObject({ startTime: t(1), endTime: t(3) });
  });

  it('exports every known series again when nothing new was recorded', () => {
    const state = new TemporalityState(100);
    state.accumulate(collection(metric('c', DataPointType.SUM, [[{ a: 1 }, 2]])), t(2));
    const quiet = state.accumulate({ resource, scopeMetrics: [] }, t(3));
    expect(pointsOf(quiet, 'c').map((p) => p.value)).toEqual([2]);
  });

  it('keeps at most `limit` series per instrument, adding new ones to the overflow series', () => {
    const state = new TemporalityState(3);
    state.accumulate(
      collection(
        metric('c', DataPointType.SUM, [
          [{ u: 'a' }, 1],
          [{ u: 'b' }, 1],
          [{ u: 'c' }, 1],
        ]),
      ),
      t(2),
    );
    const next = state.accumulate(
      collection(
        metric('c', DataPointType.SUM, [
          [{ u: 'a' }, 1],
          [{ u: 'd' }, 1],
          [OVERFLOW_ATTRIBUTES, 4],
        ]),
      ),
      t(3),
    );
    const points = pointsOf(next, 'c');
    expect(points.map((p) => [p.attributes, p.value])).toEqual([
      [{ u: 'a' }, 2],
      [{ u: 'b' }, 1],
      [OVERFLOW_ATTRIBUTES, 6],
    ]);
  });

  it('does not change what an earlier collection returned (queued collections are serialized later)', () => {
    const state = new TemporalityState(10);
    const first = state.accumulate(
      collection(metric('h', DataPointType.HISTOGRAM, [[{}, histogram([1, 0], 1, 1, 1)]])),
      t(2),
    );
    state.accumulate(
      collection(metric('h', DataPointType.HISTOGRAM, [[{}, histogram([0, 5], 99, 20, 20)]])),
      t(3),
    );
    expect(pointsOf(first, 'h')[0]?.value).toEqual(histogram([1, 0], 1, 1, 1));
  });

  it('passes on data that is already cumulative as it is', () => {
    const state = new TemporalityState(10);
    const cumulative = metric('x', DataPointType.SUM, [[{}, 9]], AggregationTemporality.CUMULATIVE);
    const out = state.accumulate(collection(cumulative), t(2));
    expect(out.scopeMetrics[0]?.metrics).toEqual([cumulative]);
  });

  it('delta: counters and histograms pass through as the SDK collected them; up-down counters stay cumulative', () => {
    const state = new TemporalityState(10, 'delta');
    const counter = metric('c', DataPointType.SUM, [[{}, 2]], undefined, InstrumentType.COUNTER);
    const h = metric(
      'h',
      DataPointType.HISTOGRAM,
      [[{}, histogram([1, 0], 1, 1, 1)]],
      undefined,
      InstrumentType.HISTOGRAM,
    );
    const updown = (v: number) =>
      metric('q', DataPointType.SUM, [[{}, v]], undefined, InstrumentType.UP_DOWN_COUNTER);
    state.accumulate(collection(counter, h, updown(5)), t(2));
    const second = state.accumulate(collection(counter, h, updown(-2)), t(3));
    const byName = new Map(second.scopeMetrics.flatMap((s) => s.metrics).map((m) => [m.descriptor.name, m]));
    expect(byName.get('c')).toBe(counter);
    expect(byName.get('h')).toBe(h);
    expect(byName.get('q')).toMatchObject({ aggregationTemporality: AggregationTemporality.CUMULATIVE });
    expect(pointsOf(second, 'q').map((p) => p.value)).toEqual([3]);
  });

  it('lowmemory: synchronous counters delta, observable counters cumulative', () => {
    const state = new TemporalityState(10, 'lowmemory');
    const sync = metric('c', DataPointType.SUM, [[{}, 2]], undefined, InstrumentType.COUNTER);
    const observed = metric('o', DataPointType.SUM, [[{}, 2]], undefined, InstrumentType.OBSERVABLE_COUNTER);
    state.accumulate(collection(sync, observed), t(2));
    const second = state.accumulate(collection(sync, observed), t(3));
    const temporalities = Object.fromEntries(
      second.scopeMetrics.flatMap((s) => s.metrics).map((m) => [m.descriptor.name, m.aggregationTemporality]),
    );
    expect(temporalities).toEqual({ c: AggregationTemporality.DELTA, o: AggregationTemporality.CUMULATIVE });
    expect(pointsOf(second, 'o').map((p) => p.value)).toEqual([4]);
  });

  it('exports only the series an observable instrument reported in the latest collection', () => {
    const state = new TemporalityState(10);
    const depth = (...queues: [string, number][]) =>
      metric(
        'queue.depth',
        DataPointType.GAUGE,
        queues.map(([queue, value]) => [{ queue }, value]),
        undefined,
        InstrumentType.OBSERVABLE_GAUGE,
      );
    state.accumulate(collection(depth(['a', 5], ['b', 1])), t(2));
    const deleted = state.accumulate(collection(depth(['b', 2])), t(3));
    expect(pointsOf(deleted, 'queue.depth').map((p) => [p.attributes, p.value])).toEqual([
      [{ queue: 'b' }, 2],
    ]);
    const none = state.accumulate(collection(depth()), t(4));
    expect(pointsOf(none, 'queue.depth')).toEqual([]);
    // A synchronous gauge keeps its last value (nothing says the series ended).
    const sync = new TemporalityState(10);
    sync.accumulate(
      collection(metric('g', DataPointType.GAUGE, [[{}, 5]], undefined, InstrumentType.GAUGE)),
      t(2),
    );
    expect(pointsOf(sync.accumulate(collection(), t(3)), 'g').map((p) => p.value)).toEqual([5]);
  });

  it('keeps an unobserved series for its return, and evicts it before overflowing', () => {
    const state = new TemporalityState(3);
    const total = (...series: [string, number][]) =>
      metric(
        'bytes',
        DataPointType.SUM,
        series.map(([disk, value]) => [{ disk }, value]),
        undefined,
        InstrumentType.OBSERVABLE_COUNTER,
      );
    state.accumulate(collection(total(['a', 10], ['b', 1])), t(2));
    state.accumulate(collection(total(['b', 1])), t(3));
    const back = state.accumulate(collection(total(['a', 5], ['b', 1])), t(4));
    expect(pointsOf(back, 'bytes').map((p) => [p.attributes, p.value])).toEqual([
      [{ disk: 'a' }, 15],
      [{ disk: 'b' }, 3],
    ]);
    state.accumulate(collection(total(['b', 1])), t(5));
    // 'a' was not observed in this collection: its slot goes to 'c' rather than the overflow series.
    const full = state.accumulate(collection(total(['b', 1], ['c', 7])), t(6));
    expect(pointsOf(full, 'bytes').map((p) => [p.attributes, p.value])).toEqual([
      [{ disk: 'b' }, 5],
      [{ disk: 'c' }, 7],
    ]);
  });
});
