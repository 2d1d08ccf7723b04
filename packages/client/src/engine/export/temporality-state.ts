import type { Attributes, HrTime } from '@opentelemetry/api';
import type { InstrumentationScope } from '@opentelemetry/core';
import { AggregationTemporality, DataPointType } from '@opentelemetry/sdk-metrics';
import type {
  DataPoint,
  Histogram,
  MetricData,
  MetricDescriptor,
  ResourceMetrics,
  ScopeMetrics,
} from '@opentelemetry/sdk-metrics';

/** Where series beyond the cardinality limit are aggregated (OpenTelemetry's overflow attribute set). */
export const OVERFLOW_ATTRIBUTES: Attributes = Object.freeze({ 'otel.metric.overflow': true });

type Value = number | Histogram;

interface Series {
  readonly attributes: Attributes;
  readonly startTime: HrTime;
  value: Value;
}

interface Stream {
  readonly descriptor: MetricDescriptor;
  readonly dataPointType: DataPointType.SUM | DataPointType.GAUGE | DataPointType.HISTOGRAM;
  readonly isMonotonic: boolean;
  readonly series: Map<string, Series>;
}

interface Scope {
  readonly scope: InstrumentationScope;
  readonly streams: Map<string, Stream>;
}

/** A stable key for an attribute set, whatever the order its keys were written in. */
const keyOf = (attributes: Attributes): string =>
  JSON.stringify(
    Object.keys(attributes)
      .sort()
      .map((k) => [k, attributes[k]]),
  );

const OVERFLOW_KEY = keyOf(OVERFLOW_ATTRIBUTES);

const copyHistogram = (h: Histogram): Histogram => ({
  ...h,
  buckets: { boundaries: h.buckets.boundaries, counts: [...h.buckets.counts] },
});

const sameBoundaries = (a: readonly number[], b: readonly number[]): boolean =>
  a.length === b.length && a.every((v, i) => v === b[i]);

const mergeHistogram = (into: Histogram, delta: Histogram): Histogram => {
  if (!sameBoundaries(into.buckets.boundaries, delta.buckets.boundaries)) return copyHistogram(delta);
  const counts = into.buckets.counts.map((c, i) => c + (delta.buckets.counts[i] ?? 0));
  const min = into.min === undefined || delta.min === undefined ? undefined : Math.min(into.min, delta.min);
  const max = into.max === undefined || delta.max === undefined ? undefined : Math.max(into.max, delta.max);
  const sum = into.sum === undefined || delta.sum === undefined ? undefined : into.sum + delta.sum;
  return {
    buckets: { boundaries: into.buckets.boundaries, counts },
    count: into.count + delta.count,
    ...(sum === undefined ? {} : { sum }),
    ...(min === undefined ? {} : { min }),
    ...(max === undefined ? {} : { max }),
  };
};

const merge = (type: Stream['dataPointType'], into: Value, delta: Value): Value => {
  if (type === DataPointType.GAUGE) return delta;
  if (type === DataPointType.SUM) return (into as number) + (delta as number);
  return mergeHistogram(into as Histogram, delta as Histogram);
};

const snapshot = (value: Value): Value => (typeof value === 'number' ? value : copyHistogram(value));

const scopeKey = (s: InstrumentationScope): string =>
  `${s.name}\u0000${s.version ?? ''}\u0000${s.schemaUrl ?? ''}`;

/**
 * Turns the SDK's delta collections into cumulative ones with at most `limit` series per
 * instrument. OpenTelemetry JS 2.12 applies its cardinality limit to each collection only: with
 * cumulative temporality the series of every past collection stay in memory and are exported
 * again, so new attribute sets grow both without bound. Here, a new attribute set that would
 * exceed the limit is aggregated into the `otel.metric.overflow=true` series instead (as the
 * specification asks), and every known series is exported at each collection.
 */
export class CumulativeState {
  readonly #limit: number;
  readonly #scopes = new Map<string, Scope>();

  constructor(cardinalityLimit: number) {
    this.#limit = Math.max(1, cardinalityLimit);
  }

  /** Adds a delta collection and returns the cumulative view of everything seen so far. */
  accumulate(delta: ResourceMetrics, now: HrTime): ResourceMetrics {
    const unconverted = new Map<string, ScopeMetrics>();
    for (const { scope, metrics } of delta.scopeMetrics) {
      const key = scopeKey(scope);
      for (const metric of metrics) {
        if (this.#add(scope, key, metric)) continue;
        const kept = unconverted.get(key) ?? { scope, metrics: [] };
        kept.metrics.push(metric);
        unconverted.set(key, kept);
      }
    }
    const scopeMetrics: ScopeMetrics[] = [];
    for (const [key, { scope, streams }] of this.#scopes) {
      const metrics = [...streams.values()].map((s) => this.#metricData(s, now));
      scopeMetrics.push({ scope, metrics: [...metrics, ...(unconverted.get(key)?.metrics ?? [])] });
      unconverted.delete(key);
    }
    return { resource: delta.resource, scopeMetrics: [...scopeMetrics, ...unconverted.values()] };
  }

  /** `false` for data this state does not convert: not delta, or exponential histograms (passed on as they are). */
  #add(scope: InstrumentationScope, key: string, metric: MetricData): boolean {
    if (
      metric.aggregationTemporality !== AggregationTemporality.DELTA ||
      metric.dataPointType === DataPointType.EXPONENTIAL_HISTOGRAM
    ) {
      return false;
    }
    let entry = this.#scopes.get(key);
    if (entry === undefined) {
      entry = { scope, streams: new Map() };
      this.#scopes.set(key, entry);
    }
    const streamKey = `${metric.descriptor.name}\u0000${metric.dataPointType}`;
    let stream = entry.streams.get(streamKey);
    if (stream === undefined) {
      stream = {
        descriptor: metric.descriptor,
        dataPointType: metric.dataPointType,
        isMonotonic: metric.dataPointType === DataPointType.SUM && metric.isMonotonic,
        series: new Map(),
      };
      entry.streams.set(streamKey, stream);
    }
    for (const point of metric.dataPoints as DataPoint<Value>[]) this.#addPoint(stream, point);
    return true;
  }

  #addPoint(stream: Stream, point: DataPoint<Value>): void {
    let key = keyOf(point.attributes);
    let attributes = point.attributes;
    const { series } = stream;
    if (!series.has(key)) {
      const regular = series.size - (series.has(OVERFLOW_KEY) ? 1 : 0);
      if (key !== OVERFLOW_KEY && regular >= this.#limit - 1) {
        key = OVERFLOW_KEY;
        attributes = OVERFLOW_ATTRIBUTES;
      }
    }
    const known = series.get(key);
    if (known === undefined) {
      series.set(key, { attributes, startTime: point.startTime, value: snapshot(point.value) });
    } else {
      known.value = merge(stream.dataPointType, known.value, point.value);
    }
  }

  #metricData(stream: Stream, endTime: HrTime): MetricData {
    const dataPoints = [...stream.series.values()].map((s) => ({
      attributes: s.attributes,
      startTime: s.startTime,
      endTime,
      value: snapshot(s.value),
    }));
    const base = { descriptor: stream.descriptor, aggregationTemporality: AggregationTemporality.CUMULATIVE };
    if (stream.dataPointType === DataPointType.SUM) {
      return {
        ...base,
        dataPointType: stream.dataPointType,
        isMonotonic: stream.isMonotonic,
        dataPoints: dataPoints as DataPoint<number>[],
      };
    }
    if (stream.dataPointType === DataPointType.GAUGE) {
      return { ...base, dataPointType: stream.dataPointType, dataPoints: dataPoints as DataPoint<number>[] };
    }
    return { ...base, dataPointType: stream.dataPointType, dataPoints: dataPoints as DataPoint<Histogram>[] };
  }
}
