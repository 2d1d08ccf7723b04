import type { LogView, MetricPointView, SpanView, Views } from './telemetry-views.js';

export interface TraceView {
  readonly traceId: string;
  readonly service: string;
  readonly startMs: number;
  readonly durationMs: number;
  readonly spans: readonly SpanView[];
}

/** Start order; a parent before its child when both start in the same microsecond. */
export const byStart = (a: SpanView, b: SpanView): number =>
  a.startMs - b.startMs || (b.parentSpanId === a.spanId ? -1 : a.parentSpanId === b.spanId ? 1 : 0);

const keyOf = (p: MetricPointView): string =>
  `${p.service}\u0000${p.name}\u0000${JSON.stringify(p.attributes)}`;

/**
 * The last `maxItems` spans and logs, and the latest point of up to `maxItems` metric series:
 * bounded, so the collector can run for days.
 */
export class TelemetryStore {
  readonly #max: number;
  #spans: SpanView[] = [];
  #logs: LogView[] = [];
  readonly #series = new Map<string, MetricPointView>();

  constructor(maxItems: number) {
    this.#max = maxItems;
  }

  add(views: Views): void {
    this.#spans = this.#bounded(this.#spans, views.spans);
    this.#logs = this.#bounded(this.#logs, views.logs);
    for (const point of views.metrics) {
      const key = keyOf(point);
      this.#series.delete(key); // re-insert: the map's order is then least recently updated first
      this.#series.set(key, point);
      if (this.#series.size > this.#max) this.#series.delete(this.#series.keys().next().value as string);
    }
  }

  #bounded<T>(list: T[], added: readonly T[]): T[] {
    const next = list.concat(added);
    return next.length > this.#max ? next.slice(next.length - this.#max) : next;
  }

  get spans(): readonly SpanView[] {
    return this.#spans;
  }

  get logs(): readonly LogView[] {
    return this.#logs;
  }

  get metrics(): MetricPointView[] {
    return [...this.#series.values()];
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

  toJSON(): { traces: TraceView[]; metrics: MetricPointView[]; logs: readonly LogView[] } {
    return { traces: this.traces(), metrics: this.metrics, logs: this.#logs };
  }
}
