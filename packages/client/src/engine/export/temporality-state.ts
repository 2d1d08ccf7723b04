import type { Attributes, HrTime } from '@opentelemetry/api';
import type { InstrumentationScope } from '@opentelemetry/core';
import { AggregationTemporality, DataPointType, InstrumentType } from '@opentelemetry/sdk-metrics';
import type {
  DataPoint,
  ExponentialHistogram,
  Histogram,
  MetricData,
  MetricDescriptor,
  ResourceMetrics,
  ScopeMetrics,
} from '@opentelemetry/sdk-metrics';
import type { TemporalityPreference } from '@telemetryflow/domain';
import { copyExponential, mergeExponential, mergeSummary } from './exponential-merge.js';

/** Where series beyond the cardinality limit are aggregated (OpenTelemetry's overflow attribute set). */
export const OVERFLOW_ATTRIBUTES: Attributes = Object.freeze({ 'otel.metric.overflow': true });

type Value = number | Histogram | ExponentialHistogram;

interface Series {
  readonly attributes: Attributes;
  readonly startTime: HrTime;
  value: Value;
  /** The collection that last reported it (observable instruments export only those of the latest). */
  seenIn: number;
}

interface Stream {
  readonly descriptor: MetricDescriptor;
  readonly dataPointType: DataPointType;
  readonly isMonotonic: boolean;
  readonly observable: boolean;
  readonly series: Map<string, Series>;
}

interface Scope {
  readonly scope: InstrumentationScope;
  readonly streams: Map<string, Stream>;
}

/** Instrument kinds exported as delta under each preference (OTLP exporter specification); the rest cumulative. */
const DELTA_KINDS: Readonly<Record<TemporalityPreference, ReadonlySet<InstrumentType>>> = {
  cumulative: new Set(),
  // OpenTelemetry JS's delta selector also makes gauges delta: only series recorded since the last export.
  delta: new Set([
    InstrumentType.COUNTER,
    InstrumentType.OBSERVABLE_COUNTER,
    InstrumentType.HISTOGRAM,
    InstrumentType.GAUGE,
    InstrumentType.OBSERVABLE_GAUGE,
  ]),
  lowmemory: new Set([InstrumentType.COUNTER, InstrumentType.HISTOGRAM]),
};

const INSTRUMENT_TYPES = new Set<unknown>(Object.values(InstrumentType));

/**
 * The instrument behind a stream. OpenTelemetry JS passes its instrument descriptor, which
 * carries `type`, though the public `MetricDescriptor` type does not declare it; without it the
 * kind is read from the data (a synchronous instrument assumed).
 */
export const instrumentTypeOf = (metric: MetricData): InstrumentType => {
  const type = (metric.descriptor as { readonly type?: unknown }).type;
  if (INSTRUMENT_TYPES.has(type)) return type as InstrumentType;
  if (metric.dataPointType === DataPointType.GAUGE) return InstrumentType.GAUGE;
  if (metric.dataPointType === DataPointType.SUM) {
    return metric.isMonotonic ? InstrumentType.COUNTER : InstrumentType.UP_DOWN_COUNTER;
  }
  return InstrumentType.HISTOGRAM;
};

const OBSERVABLE = new Set<InstrumentType>([
  InstrumentType.OBSERVABLE_COUNTER,
  InstrumentType.OBSERVABLE_GAUGE,
  InstrumentType.OBSERVABLE_UP_DOWN_COUNTER,
]);

/** A stable key for an attribute set, whatever the order its keys were written in. */
export const keyOf = (attributes: Attributes): string =>
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
  return { ...mergeSummary(into, delta), buckets: { boundaries: into.buckets.boundaries, counts } };
};

const merge = (type: DataPointType, into: Value, delta: Value): Value => {
  if (type === DataPointType.GAUGE) return delta;
  if (type === DataPointType.SUM) return (into as number) + (delta as number);
  if (type === DataPointType.EXPONENTIAL_HISTOGRAM) {
    return mergeExponential(into as ExponentialHistogram, delta as ExponentialHistogram);
  }
  return mergeHistogram(into as Histogram, delta as Histogram);
};

const snapshot = (value: Value): Value => {
  if (typeof value === 'number') return value;
  return 'buckets' in value ? copyHistogram(value) : copyExponential(value);
};

const scopeKey = (s: InstrumentationScope): string =>
  `${s.name}\u0000${s.version ?? ''}\u0000${s.schemaUrl ?? ''}`;

/**
 * Turns the SDK's delta collections into what the temporality preference asks for, with at most
 * `limit` series per instrument. Streams the preference makes delta pass through as the SDK
 * collected them (its per-collection cardinality limit is the right one for delta). The others
 * are accumulated here: OpenTelemetry JS 2.12 applies its cardinality limit to each collection
 * only, so with its own cumulative temporality the series of every past collection would stay in
 * memory and grow without bound. A new attribute set that would exceed the limit is aggregated
 * into the `otel.metric.overflow=true` series instead (as the specification asks). Every known
 * series of a synchronous instrument is exported at each collection; of an observable one, only
 * those its callbacks reported in the latest collection (metrics SDK specification: attribute
 * sets not observed are not exported), its older series kept for when they come back, and
 * evicted first when the limit is reached.
 */
export class TemporalityState {
  readonly #limit: number;
  readonly #delta: ReadonlySet<InstrumentType>;
  readonly #scopes = new Map<string, Scope>();
  #collection = 0;

  constructor(cardinalityLimit: number, preference: TemporalityPreference = 'cumulative') {
    this.#limit = Math.max(1, cardinalityLimit);
    this.#delta = DELTA_KINDS[preference];
  }

  /** Adds a delta collection and returns it in the preferred temporality. */
  accumulate(delta: ResourceMetrics, now: HrTime): ResourceMetrics {
    this.#collection += 1;
    const passed = new Map<string, ScopeMetrics>();
    for (const { scope, metrics } of delta.scopeMetrics) {
      const key = scopeKey(scope);
      for (const metric of metrics) {
        if (this.#add(scope, key, metric)) continue;
        const kept = passed.get(key) ?? { scope, metrics: [] };
        kept.metrics.push(metric);
        passed.set(key, kept);
      }
    }
    const scopeMetrics: ScopeMetrics[] = [];
    for (const [key, { scope, streams }] of this.#scopes) {
      const metrics = [...streams.values()].map((s) => this.#metricData(s, now));
      scopeMetrics.push({ scope, metrics: [...metrics, ...(passed.get(key)?.metrics ?? [])] });
      passed.delete(key);
    }
    return { resource: delta.resource, scopeMetrics: [...scopeMetrics, ...passed.values()] };
  }

  /** `false` for data passed on as it is: delta by preference, or not delta from the SDK. */
  #add(scope: InstrumentationScope, key: string, metric: MetricData): boolean {
    if (metric.aggregationTemporality !== AggregationTemporality.DELTA) return false;
    const type = instrumentTypeOf(metric);
    if (this.#delta.has(type)) return false;
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
        observable: OBSERVABLE.has(type),
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
    if (!series.has(key) && key !== OVERFLOW_KEY && !this.#hasRoom(stream)) {
      key = OVERFLOW_KEY;
      attributes = OVERFLOW_ATTRIBUTES;
    }
    const known = series.get(key);
    if (known === undefined) {
      series.set(key, {
        attributes,
        startTime: point.startTime,
        value: snapshot(point.value),
        seenIn: this.#collection,
      });
    } else {
      known.value = merge(stream.dataPointType, known.value, point.value);
      known.seenIn = this.#collection;
    }
  }

  /** Room for one more regular series (the overflow series keeps its own slot), evicting an unobserved one if need be. */
  #hasRoom(stream: Stream): boolean {
    const { series } = stream;
    const regular = series.size - (series.has(OVERFLOW_KEY) ? 1 : 0);
    if (regular < this.#limit - 1) return true;
    if (!stream.observable) return false;
    for (const [key, s] of series) {
      if (key !== OVERFLOW_KEY && s.seenIn < this.#collection) {
        series.delete(key);
        return true;
      }
    }
    return false;
  }

  #metricData(stream: Stream, endTime: HrTime): MetricData {
    const current = [...stream.series.values()].filter(
      (s) => !stream.observable || s.seenIn === this.#collection,
    );
    const dataPoints = current.map((s) => ({
      attributes: s.attributes,
      startTime: s.startTime,
      endTime,
      value: snapshot(s.value),
    }));
    const base = { descriptor: stream.descriptor, aggregationTemporality: AggregationTemporality.CUMULATIVE };
    switch (stream.dataPointType) {
      case DataPointType.SUM:
        return {
          ...base,
          dataPointType: stream.dataPointType,
          isMonotonic: stream.isMonotonic,
          dataPoints: dataPoints as DataPoint<number>[],
        };
      case DataPointType.GAUGE:
        return {
          ...base,
          dataPointType: stream.dataPointType,
          dataPoints: dataPoints as DataPoint<number>[],
        };
      case DataPointType.EXPONENTIAL_HISTOGRAM:
        return {
          ...base,
          dataPointType: stream.dataPointType,
          dataPoints: dataPoints as DataPoint<ExponentialHistogram>[],
        };
      default:
        return {
          ...base,
          dataPointType: DataPointType.HISTOGRAM,
          dataPoints: dataPoints as DataPoint<Histogram>[],
        };
    }
  }
}
