import type { LogView, MetricPointView, SpanView, Views } from './telemetry-views.js';

export interface TraceView {
  readonly traceId: string;
  readonly service: string;
  readonly startMs: number;
  readonly durationMs: number;
  readonly spans: readonly SpanView[];
}

/** One metric stream (service, name, attribute set): the points the collector received, oldest first. */
export interface MetricSeriesView {
  readonly service: string;
  readonly name: string;
  readonly unit: string;
  readonly type: MetricPointView['type'];
  readonly attributes: Record<string, unknown>;
  readonly points: readonly MetricPointView[];
}

/** What the store dropped to stay bounded, since it started. */
export interface EvictedCounts {
  readonly spans: number;
  readonly logs: number;
  /** Whole series, least recently updated first. */
  readonly series: number;
  /** Old points of series that are still kept. */
  readonly points: number;
}

/** The store's JSON, served as `/api/telemetry`. */
export interface TelemetrySnapshot {
  /** Grows with every `add()`: the page skips a snapshot it has already shown. */
  readonly version: number;
  readonly traces: TraceView[];
  readonly series: MetricSeriesView[];
  readonly logs: readonly LogView[];
  readonly evicted: EvictedCounts;
  readonly limits: { readonly maxItems: number; readonly pointsPerSeries: number };
}

/** Start order; a parent before its child when both start in the same microsecond. */
export const byStart = (a: SpanView, b: SpanView): number =>
  a.startMs - b.startMs || (b.parentSpanId === a.spanId ? -1 : a.parentSpanId === b.spanId ? 1 : 0);

const keyOf = (p: MetricPointView): string =>
  `${p.service}\u0000${p.name}\u0000${JSON.stringify(p.attributes)}`;

interface Series {
  readonly head: Omit<MetricSeriesView, 'points'>;
  points: MetricPointView[];
}

/**
 * The last `maxItems` spans and logs, and up to `maxItems` metric series of the last
 * `pointsPerSeries` points each (default 120: an hour of the SDK's 30 s export interval):
 * bounded, so the collector can run for days. What was dropped is counted in `evicted`.
 */
export class TelemetryStore {
  readonly #max: number;
  readonly #pointsPerSeries: number;
  #spans: SpanView[] = [];
  #logs: LogView[] = [];
  readonly #series = new Map<string, Series>();
  readonly #evicted = { spans: 0, logs: 0, series: 0, points: 0 };
  #version = 0;

  constructor(maxItems: number, pointsPerSeries = 120) {
    this.#max = maxItems;
    this.#pointsPerSeries = Math.max(1, pointsPerSeries);
  }

  add(views: Views): void {
    this.#version++;
    this.#spans = this.#bounded(this.#spans, views.spans, 'spans');
    this.#logs = this.#bounded(this.#logs, views.logs, 'logs');
    for (const point of views.metrics) this.#addPoint(point);
  }

  #addPoint(point: MetricPointView): void {
    const key = keyOf(point);
    const series = this.#series.get(key) ?? {
      head: {
        service: point.service,
        name: point.name,
        unit: point.unit,
        type: point.type,
        attributes: point.attributes,
      },
      points: [],
    };
    this.#series.delete(key); // re-insert: the map's order is then least recently updated first
    this.#series.set(key, series);
    const last = series.points.at(-1);
    // A flush and the next interval can export the same collection twice: keep one point per time.
    if (last !== undefined && last.timeMs === point.timeMs) series.points[series.points.length - 1] = point;
    else if (last !== undefined && last.timeMs > point.timeMs) {
      series.points.push(point);
      series.points.sort((a, b) => a.timeMs - b.timeMs);
    } else series.points.push(point);
    if (series.points.length > this.#pointsPerSeries) {
      this.#evicted.points += series.points.length - this.#pointsPerSeries;
      series.points.splice(0, series.points.length - this.#pointsPerSeries);
    }
    if (this.#series.size > this.#max) {
      this.#series.delete(this.#series.keys().next().value as string);
      this.#evicted.series++;
    }
  }

  #bounded<T>(list: T[], added: readonly T[], what: 'spans' | 'logs'): T[] {
    const next = list.concat(added);
    if (next.length <= this.#max) return next;
    this.#evicted[what] += next.length - this.#max;
    return next.slice(next.length - this.#max);
  }

  get spans(): readonly SpanView[] {
    return this.#spans;
  }

  get logs(): readonly LogView[] {
    return this.#logs;
  }

  /** The latest point of each series. */
  get metrics(): MetricPointView[] {
    return [...this.#series.values()].flatMap((s) => s.points.slice(-1));
  }

  /** Every series with its points, oldest point first. */
  series(): MetricSeriesView[] {
    return [...this.#series.values()].map((s) => ({ ...s.head, points: [...s.points] }));
  }

  /** Grows with every `add()`. */
  get version(): number {
    return this.#version;
  }

  get evicted(): EvictedCounts {
    return { ...this.#evicted };
  }

  /** Spans grouped by trace, most recent trace first. */
  traces(): TraceView[] {
    const byTrace = new Map<string, SpanView[]>();
    for (const span of this.#spans) {
      const list = byTrace.get(span.traceId) ?? [];
      list.push(span);
      byTrace.set(span.traceId, list);
    }
    return [...byTrace.entries()]
      .map(([traceId, spans]) => {
        const start = Math.min(...spans.map((s) => s.startMs));
        const end = Math.max(...spans.map((s) => s.startMs + s.durationMs));
        const root = spans.find((s) => s.parentSpanId === undefined) ?? spans[0];
        return {
          traceId,
          service: root?.service ?? 'unknown-service',
          startMs: start,
          durationMs: end - start,
          spans: [...spans].sort(byStart),
        };
      })
      .sort((a, b) => b.startMs - a.startMs);
  }

  toJSON(): TelemetrySnapshot {
    return {
      version: this.#version,
      traces: this.traces(),
      series: this.series(),
      logs: this.#logs,
      evicted: this.evicted,
      limits: { maxItems: this.#max, pointsPerSeries: this.#pointsPerSeries },
    };
  }
}
