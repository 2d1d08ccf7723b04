import { ROOT_CONTEXT, TraceFlags, isSpanContextValid, trace } from '@opentelemetry/api';
import type { Attributes, Context, HrTime, SpanContext } from '@opentelemetry/api';
import { hrTime } from '@opentelemetry/core';
import { AggregationTemporality } from '@opentelemetry/sdk-metrics';
import type { DataPoint, MetricData, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { TelemetryConfig } from '@telemetryflow/domain';
import { keyOf } from './export/temporality-state.js';

/** A measurement kept as an example of its data point (OTLP `Exemplar`). */
export interface Exemplar {
  readonly value: number;
  readonly time: HrTime;
  /** 32 hex characters; absent when no span was active (`always_on`). */
  readonly traceId?: string;
  /** 16 hex characters; absent when no span was active. */
  readonly spanId?: string;
}

/** A data point with the exemplars this client attached to it. */
export type ExemplarPoint = DataPoint<unknown> & { readonly exemplars?: readonly Exemplar[] };

/**
 * The reservoir of one series (metrics SDK specification, "Exemplar defaults"): for an
 * explicit-bucket histogram one cell per bucket (`AlignedHistogramBucketExemplarReservoir`), else
 * `size` cells (`SimpleFixedSizeExemplarReservoir`: 1 for sums and gauges, 20 for exponential
 * histograms). Each cell keeps a uniformly sampled measurement of those offered to it since the
 * last collection (reservoir sampling), so an exemplar is one of the interval's measurements.
 */
class Reservoir {
  readonly #boundaries: readonly number[] | undefined;
  readonly #cells: (Exemplar | undefined)[];
  /** Measurements offered since the last collection: per bucket (aligned) or in all (fixed size). */
  readonly #seen: number[];

  constructor(boundaries: readonly number[] | undefined, size: number) {
    this.#boundaries = boundaries;
    const cells = boundaries === undefined ? size : boundaries.length + 1;
    this.#cells = new Array<Exemplar | undefined>(cells).fill(undefined);
    this.#seen = new Array<number>(boundaries === undefined ? 1 : cells).fill(0);
  }

  /**
   * Offers a measurement: the cell it replaces, or -1 when the reservoir passes it over. The caller
   * makes the exemplar (and reads the clock) only for a cell, and hands it to {@link keep}.
   */
  cellFor(value: number): number {
    const boundaries = this.#boundaries;
    if (boundaries !== undefined) {
      // Buckets are upper-inclusive: bucket i holds (boundaries[i-1], boundaries[i]].
      let bucket = 0;
      while (bucket < boundaries.length && value > (boundaries[bucket] as number)) bucket++;
      const seen = (this.#seen[bucket] ?? 0) + 1;
      this.#seen[bucket] = seen;
      return Math.random() * seen < 1 ? bucket : -1;
    }
    const seen = (this.#seen[0] ?? 0) + 1;
    this.#seen[0] = seen;
    const cell = seen <= this.#cells.length ? seen - 1 : Math.floor(Math.random() * seen);
    return cell < this.#cells.length ? cell : -1;
  }

  keep(cell: number, exemplar: Exemplar): void {
    this.#cells[cell] = exemplar;
  }

  /** The kept exemplars, oldest first; a delta point's reservoir then starts empty, a cumulative one keeps them. */
  collect(temporality: AggregationTemporality): Exemplar[] {
    const kept = this.#cells.filter((e): e is Exemplar => e !== undefined);
    kept.sort((a, b) => a.time[0] - b.time[0] || a.time[1] - b.time[1]);
    this.#seen.fill(0);
    if (temporality === AggregationTemporality.DELTA) this.#cells.fill(undefined);
    return kept;
  }
}

/** How an instrument's series sample exemplars. */
interface ExemplarShape {
  /** Explicit-bucket histogram: its boundaries (one exemplar per bucket). */
  readonly boundaries?: readonly number[];
  /** Otherwise, the number of exemplars per series. */
  readonly size: number;
}

/** Exemplars per exponential-histogram series: min(20, its most buckets), as the specification says. */
const EXPONENTIAL_EXEMPLARS = 20;

/** The metrics SDK specification's default explicit bucket boundaries (OpenTelemetry JS's too). */
const DEFAULT_BOUNDARIES: readonly number[] = [
  0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000,
];

/**
 * A node of a {@link SeriesIndex}: per attribute key, per value, the node of the attributes written
 * after it; `reservoir`, that of the attributes that end here.
 */
interface IndexNode {
  readonly next: Map<string, Map<unknown, IndexNode>>;
  reservoir?: Reservoir;
}

const indexNode = (): IndexNode => ({ next: new Map() });

/**
 * The reservoirs of an instrument's series, reached from a measurement's attributes as they come,
 * key by key in their written order, without sorting or serializing them: serializing attributes
 * into the series' key (as OpenTelemetry JS does to aggregate them) cost some 500 ns, two thirds of
 * what sampling added to a measurement made in a sampled span. Only a cache: a reservoir belongs
 * to its series' canonical key (`keyOf`), so two orders of the same attributes share one. It is
 * emptied whenever a series goes, and when it holds `max` paths (its memory bound). Attributes with
 * an array value are not indexed (an array would be a new key on each call).
 */
class SeriesIndex {
  #root = indexNode();
  #paths = 0;
  readonly #max: number;

  constructor(max: number) {
    this.#max = max;
  }

  /** The reservoir `attributes` lead to; `undefined` when not indexed yet or not indexable. */
  find(attributes: Attributes): Reservoir | undefined {
    let node: IndexNode | undefined = this.#root;
    for (const key in attributes) {
      const value = attributes[key];
      if (typeof value === 'object') return undefined;
      node = node.next.get(key)?.get(value);
      if (node === undefined) return undefined;
    }
    return node.reservoir;
  }

  /** Makes `attributes` lead to `reservoir` (unless they hold an array: then it adds no node). */
  add(attributes: Attributes, reservoir: Reservoir): void {
    for (const key in attributes) if (typeof attributes[key] === 'object') return;
    if (this.#paths >= this.#max) this.clear();
    let node = this.#root;
    for (const key in attributes) {
      const value = attributes[key];
      let values = node.next.get(key);
      if (values === undefined) node.next.set(key, (values = new Map<unknown, IndexNode>()));
      let next = values.get(value);
      if (next === undefined) values.set(value, (next = indexNode()));
      node = next;
    }
    if (node.reservoir === undefined) this.#paths++;
    node.reservoir = reservoir;
  }

  clear(): void {
    this.#root = indexNode();
    this.#paths = 0;
  }
}

const NO_ATTRIBUTES: Attributes = Object.freeze({});

interface Instrument {
  readonly shape: ExemplarShape;
  /** The reservoirs by the series' canonical key, as the collection's data points give it. */
  readonly series: Map<string, Reservoir>;
  readonly index: SeriesIndex;
}

/**
 * The exemplars of this client's instruments: sampled when a measurement is recorded (by the
 * `exemplarFilter`: `trace_based` keeps measurements made inside a sampled span, `always_on`
 * every one), attached to the data points of each collection. OpenTelemetry JS 2.x neither
 * samples nor exports exemplars; this does both for the client's own instruments. Memory is
 * bounded: at most `cardinalityLimit` series per instrument hold reservoirs (a series beyond it
 * is aggregated into the overflow series, which carries none).
 */
export class ExemplarStore {
  readonly #config: TelemetryConfig;
  readonly #scope: string;
  readonly #limit: number;
  readonly #secondsBuckets: readonly number[];
  readonly #instruments = new Map<string, Instrument>();
  /** The span context last found valid (see `#isValid`). */
  #lastValid: SpanContext | undefined;

  /** @param secondsBuckets the boundaries a histogram of unit `s` gets */
  constructor(config: TelemetryConfig, scope: string, secondsBuckets: readonly number[]) {
    this.#config = config;
    this.#scope = scope;
    this.#limit = Math.max(1, config.metricCardinalityLimit - 1);
    this.#secondsBuckets = secondsBuckets;
  }

  /**
   * Declares an instrument of the client's scope. A histogram samples one exemplar per bucket of
   * the boundaries it aggregates with (those `histogramBuckets` gives it, else the unit's default),
   * or 20 per series when exponential; counters and gauges one per series.
   */
  register(name: string, kind: 'counter' | 'gauge' | 'histogram', unit: string): void {
    if (this.#instruments.has(name)) return;
    const { histogramBuckets, histogramAggregation } = this.#config;
    let shape: ExemplarShape = { size: 1 };
    if (kind === 'histogram') {
      const named = histogramBuckets[name];
      if (named !== undefined) shape = { boundaries: named, size: 0 };
      else if (histogramAggregation === 'base2_exponential_bucket_histogram')
        shape = { size: EXPONENTIAL_EXEMPLARS };
      else shape = { boundaries: unit === 's' ? this.#secondsBuckets : DEFAULT_BOUNDARIES, size: 0 };
    }
    this.#instruments.set(name, { shape, series: new Map(), index: new SeriesIndex(2 * this.#limit) });
  }

  /**
   * Offers a measurement just recorded with `attributes` (as the series has them) in the context
   * `active` (the one it was recorded in). Never throws.
   */
  offer(name: string, value: number, attributes: Attributes | undefined, active: Context): void {
    // Outside every context (a measurement made outside any request or span) no span is active:
    // the common case is decided here, in a method small enough to be inlined into the recording.
    if (active === ROOT_CONTEXT && this.#config.exemplarFilter !== 'always_on') return;
    this.#sample(name, value, attributes, active);
  }

  #sample(name: string, value: number, attributes: Attributes | undefined, active: Context): void {
    let traceId: string | undefined;
    let spanId: string | undefined;
    const span = trace.getSpanContext(active);
    if (span !== undefined && this.#isValid(span)) {
      if (this.#config.exemplarFilter === 'trace_based' && (span.traceFlags & TraceFlags.SAMPLED) === 0)
        return;
      traceId = span.traceId;
      spanId = span.spanId;
    } else if (this.#config.exemplarFilter !== 'always_on') {
      return;
    }
    const instrument = this.#instruments.get(name);
    if (instrument === undefined) return;
    const reservoir = this.#reservoirOf(instrument, attributes ?? NO_ATTRIBUTES);
    if (reservoir === undefined) return;
    const cell = reservoir.cellFor(value);
    if (cell < 0) return;
    reservoir.keep(cell, { value, time: hrTime(), ...(traceId === undefined ? {} : { traceId, spanId }) });
  }

  /**
   * `isSpanContextValid` (two regular expressions) once per span context: the measurements of a
   * request mostly share the span context of its span, an object that does not change.
   */
  #isValid(span: SpanContext): boolean {
    if (span === this.#lastValid) return true;
    if (!isSpanContextValid(span)) return false;
    this.#lastValid = span;
    return true;
  }

  /** The reservoir of the series `attributes` name; `undefined` past the cardinality limit. */
  #reservoirOf(instrument: Instrument, attributes: Attributes): Reservoir | undefined {
    const indexed = instrument.index.find(attributes);
    if (indexed !== undefined) return indexed;
    const key = keyOf(attributes);
    let reservoir = instrument.series.get(key);
    if (reservoir === undefined) {
      if (instrument.series.size >= this.#limit) return undefined;
      reservoir = new Reservoir(instrument.shape.boundaries, instrument.shape.size);
      instrument.series.set(key, reservoir);
    }
    instrument.index.add(attributes, reservoir);
    return reservoir;
  }

  /** `collection` with each of the client's data points carrying its series' exemplars. */
  attach(collection: ResourceMetrics): ResourceMetrics {
    if (this.#instruments.size === 0) return collection;
    return {
      ...collection,
      scopeMetrics: collection.scopeMetrics.map((scope) =>
        scope.scope.name !== this.#scope
          ? scope
          : { ...scope, metrics: scope.metrics.map((metric) => this.#attachTo(metric)) },
      ),
    };
  }

  #attachTo(metric: MetricData): MetricData {
    const instrument = this.#instruments.get(metric.descriptor.name);
    if (instrument === undefined) return metric;
    const temporality = metric.aggregationTemporality;
    // Each point's series key, serialized once (some 500 ns a point): for its exemplars, and for
    // the delta series that go below.
    const keys = metric.dataPoints.map((point) => keyOf(point.attributes));
    const dataPoints = (metric.dataPoints as DataPoint<unknown>[]).map((point, i): ExemplarPoint => {
      const exemplars = instrument.series.get(keys[i] as string)?.collect(temporality) ?? [];
      return exemplars.length === 0 ? point : { ...point, exemplars };
    });
    // A delta series not reported this time was not recorded: its reservoir is empty, and goes
    // (from the index too, which would otherwise lead the series' next measurement to it).
    if (temporality === AggregationTemporality.DELTA) {
      const reported = new Set(keys);
      const before = instrument.series.size;
      for (const key of instrument.series.keys()) if (!reported.has(key)) instrument.series.delete(key);
      if (instrument.series.size < before) instrument.index.clear();
    }
    return { ...metric, dataPoints } as MetricData;
  }
}
