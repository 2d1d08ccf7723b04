import type { Attributes, SignalType } from '@telemetryflow/client';
import type { DecodedRequest } from './otlp-decoder.js';
import { logsOf, metricPointsOf, spansOf } from './records.js';
import type { MetricPoint, RecordedLog, RecordedSpan } from './records.js';

/** Default `maxItems` of a store. */
export const DEFAULT_MAX_ITEMS = 10_000;

/**
 * What a metric series did between two exports, for `aggregateMetrics`: a gauge's new value, a
 * counter's increase, or the values recorded into a histogram (`count` of them, their `sum`, and
 * the series' `min` / `max` as the point carries them). An export that repeats the previous one
 * adds none, so how often the client exported does not change the aggregate.
 */
export interface MetricValue {
  /** The point it was derived from: name, unit, attributes, time. */
  readonly point: MetricPoint;
  readonly count: number;
  readonly sum: number;
  readonly min: number | undefined;
  readonly max: number | undefined;
}

export interface TelemetryStoreOptions {
  /**
   * Most spans, log records and metric values the store keeps (each), and most metric series;
   * beyond it the oldest go first and are counted in `evicted`. Default 10 000.
   */
  readonly maxItems?: number;
}

const EVICTED_KINDS = ['spans', 'logs', 'metricValues', 'metricSeries'] as const;
type EvictedKind = (typeof EVICTED_KINDS)[number];

const attributesKey = (attributes: Attributes): string =>
  JSON.stringify(Object.entries(attributes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

const seriesKey = (p: MetricPoint): string =>
  [p.serviceName, p.scope.name, p.name, p.type, attributesKey(p.attributes)].join('\u0000');

/** What `point` adds over `previous` (the series' point before it), or `undefined` when nothing changed. */
const valueOf = (point: MetricPoint, previous: MetricPoint | undefined): MetricValue | undefined => {
  // Cumulative points repeat their series' totals: compare with the previous point of the same run.
  const base =
    previous !== undefined && point.temporality === 'cumulative' && previous.startTime === point.startTime
      ? previous
      : undefined;
  if (point.type === 'gauge') {
    if (base !== undefined && base.value === point.value) return undefined;
    return { point, count: 1, sum: point.value, min: point.value, max: point.value };
  }
  if (point.type === 'sum') {
    const increase = point.value - (base?.value ?? 0);
    if (base !== undefined && increase === 0) return undefined;
    return { point, count: 1, sum: increase, min: increase, max: increase };
  }
  const count = (point.count ?? 0) - (base?.count ?? 0);
  if (count === 0) return undefined;
  return { point, count, sum: point.value - (base?.value ?? 0), min: point.min, max: point.max };
};

/**
 * A bounded store of exported telemetry: spans, log records, the latest point of each metric series,
 * and the metric values seen over time. Written by `InMemoryTransport`, read by `StoreReadPort` and
 * the test helpers. Every item is frozen.
 */
export class TelemetryStore {
  readonly maxItems: number;
  #spans: RecordedSpan[] = [];
  #logs: RecordedLog[] = [];
  #values: MetricValue[] = [];
  /** Latest point per series; the map's order is least recently updated first. */
  readonly #series = new Map<string, MetricPoint>();
  readonly #evicted: Record<EvictedKind, number> = { spans: 0, logs: 0, metricValues: 0, metricSeries: 0 };

  constructor(options: TelemetryStoreOptions = {}) {
    const max = options.maxItems ?? DEFAULT_MAX_ITEMS;
    if (!Number.isInteger(max) || max < 1)
      throw new RangeError(`maxItems must be an integer ≥ 1, got ${max}`);
    this.maxItems = max;
  }

  /** Stores what one decoded export request of `signal` carries. */
  add(signal: SignalType, request: DecodedRequest): void {
    if (signal === 'traces') this.#spans = this.#bounded(this.#spans, spansOf(request), 'spans');
    else if (signal === 'logs') this.#logs = this.#bounded(this.#logs, logsOf(request), 'logs');
    else this.#addPoints(metricPointsOf(request));
  }

  /** Spans in the order they were exported (a child usually ends, so is exported, before its parent). */
  get spans(): readonly RecordedSpan[] {
    return this.#spans;
  }

  /** Log records in the order they were exported. */
  get logs(): readonly RecordedLog[] {
    return this.#logs;
  }

  /** The latest point of each metric series, least recently updated first. */
  get metricPoints(): readonly MetricPoint[] {
    return [...this.#series.values()];
  }

  /** The metric values seen, oldest first (see `MetricValue`). */
  get metricValues(): readonly MetricValue[] {
    return this.#values;
  }

  /** Items dropped to keep within `maxItems`, per kind, since the store was made or cleared. */
  get evicted(): Readonly<Record<EvictedKind, number>> {
    return { ...this.#evicted };
  }

  /** Forgets everything (and the eviction counts). */
  clear(): void {
    this.#spans = [];
    this.#logs = [];
    this.#values = [];
    this.#series.clear();
    for (const kind of EVICTED_KINDS) this.#evicted[kind] = 0;
  }

  #addPoints(points: readonly MetricPoint[]): void {
    const values: MetricValue[] = [];
    for (const point of points) {
      const key = seriesKey(point);
      const value = valueOf(point, this.#series.get(key));
      if (value !== undefined) values.push(value);
      this.#series.delete(key); // re-inserted last: the map stays in update order
      this.#series.set(key, point);
      if (this.#series.size > this.maxItems) {
        this.#series.delete(this.#series.keys().next().value as string);
        this.#evicted.metricSeries++;
      }
    }
    this.#values = this.#bounded(this.#values, values, 'metricValues');
  }

  #bounded<T>(items: T[], added: readonly T[], kind: Exclude<EvictedKind, 'metricSeries'>): T[] {
    if (added.length === 0) return items;
    const next = items.concat(added);
    const excess = next.length - this.maxItems;
    if (excess <= 0) return next;
    this.#evicted[kind] += excess;
    return next.slice(excess);
  }
}
