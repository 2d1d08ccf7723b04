import type { Attributes, HrTime } from '@opentelemetry/api';
import { ValueType } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AggregationTemporality, DataPointType } from '@opentelemetry/sdk-metrics';
import type { DataPoint, Histogram, MetricData, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { CumulativeState, OVERFLOW_ATTRIBUTES } from '../../src/engine/export/cumulative-state.js';

const resource = resourceFromAttributes({});
const scope = { name: 'test' };
const t = (s: number): HrTime => [s, 0];

const metric = (
  name: string,
  type: DataPointType.SUM | DataPointType.GAUGE | DataPointType.HISTOGRAM,
  points: [Attributes, number | Histogram][],
  temporality = AggregationTemporality.DELTA,
): MetricData =>
  ({
    descriptor: { name, description: '', unit: '', valueType: ValueType.DOUBLE },
    aggregationTemporality: temporality,
    dataPointType: type,
    ...(type === DataPointType.SUM ? { isMonotonic: true } : {}),
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

describe('CumulativeState', () => {
  it('adds sums, keeps the last gauge value and merges histograms across collections', () => {
    const state = new CumulativeState(100);
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
    const state = new CumulativeState(100);
    state.accumulate(collection(metric('c', DataPointType.SUM, [[{ a: 1 }, 2]])), t(2));
    const quiet = state.accumulate({ resource, scopeMetrics: [] }, t(3));
    expect(pointsOf(quiet, 'c').map((p) => p.value)).toEqual([2]);
  });

  it('keeps at most `limit` series per instrument, adding new ones to the overflow series', () => {
    const state = new CumulativeState(3);
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
    const state = new CumulativeState(10);
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
    const state = new CumulativeState(10);
    const cumulative = metric('x', DataPointType.SUM, [[{}, 9]], AggregationTemporality.CUMULATIVE);
    const out = state.accumulate(collection(cumulative), t(2));
    expect(out.scopeMetrics[0]?.metrics).toEqual([cumulative]);
  });
});
