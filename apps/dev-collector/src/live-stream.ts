import type { SignalType } from '@telemetryflow/domain';
import { PLAIN, formatLog, formatMetric, formatTrace } from './terminal-view.js';
import type { Style } from './terminal-view.js';
import type { MetricPointView, Views } from './telemetry-views.js';
import { byStart } from './telemetry-store.js';
import type { TraceView } from './telemetry-store.js';
import type { SpanView } from './telemetry-views.js';

const MAX_METRIC_LINES = 12;
/** Series whose last printed line the live stream remembers; the least recently printed go first. */
const MAX_REMEMBERED_SERIES = 10_000;

/** Groups a batch's spans by trace, as the store does for the whole history. */
const tracesOf = (spans: readonly SpanView[]): TraceView[] => {
  const byTrace = new Map<string, SpanView[]>();
  for (const span of spans) byTrace.set(span.traceId, [...(byTrace.get(span.traceId) ?? []), span]);
  return [...byTrace.entries()].map(([traceId, list]) => {
    const start = Math.min(...list.map((s) => s.startMs));
    const end = Math.max(...list.map((s) => s.startMs + s.durationMs));
    const sorted = [...list].sort(byStart);
    return {
      traceId,
      service: sorted[0]?.service ?? 'unknown-service',
      startMs: start,
      durationMs: end - start,
      spans: sorted,
    };
  });
};

const headOf = (signal: SignalType, views: Views, via: string, style: Style, note = ''): string => {
  const what =
    signal === 'traces'
      ? `${views.spans.length} spans`
      : signal === 'logs'
        ? `${views.logs.length} logs`
        : `${views.metrics.length} metric points`;
  return style.bold(`▸ ${what}`) + style.dim(` via ${via}${note}`);
};

const metricLines = (points: readonly MetricPointView[], style: Style): string[] => {
  const lines = points.slice(0, MAX_METRIC_LINES).map((m) => formatMetric(m, style));
  const more = points.length - lines.length;
  return more > 0 ? [...lines, style.dim(`  … and ${more} more (see the web page)`)] : lines;
};

/** The lines printed for one accepted export: every span, log and metric point in it. */
export const formatBatch = (signal: SignalType, views: Views, via: string, style: Style): string[] => {
  const head = headOf(signal, views, via, style);
  if (signal === 'traces') return [head, ...tracesOf(views.spans).flatMap((t) => formatTrace(t, style))];
  if (signal === 'logs') return [head, ...views.logs.map((l) => formatLog(l, style))];
  return [head, ...metricLines(views.metrics, style)];
};

export interface LiveStreamOptions {
  /** `false`: one line per export (what arrived, and how), without its spans, logs and points. Default true. */
  readonly detail?: boolean;
}

/**
 * The collector's live terminal stream. Unlike {@link formatBatch}, it prints a metric point only
 * when its line changed since the stream last printed that series: a cumulative exporter re-sends
 * every series at each interval (and at flush and shutdown), which would repeat the same block.
 */
export class LiveStream {
  readonly #style: Style;
  readonly #detail: boolean;
  readonly #printed = new Map<string, string>();

  constructor(style: Style, options: LiveStreamOptions = {}) {
    this.#style = style;
    this.#detail = options.detail ?? true;
  }

  /** The lines for one accepted export. */
  format(signal: SignalType, views: Views, via: string): string[] {
    if (signal !== 'metrics') {
      return this.#detail
        ? formatBatch(signal, views, via, this.#style)
        : [headOf(signal, views, via, this.#style)];
    }
    const changed = views.metrics.filter((point) => this.#changed(point));
    const unchanged = views.metrics.length - changed.length;
    const note = unchanged === 0 ? '' : changed.length === 0 ? ', unchanged' : `, ${unchanged} unchanged`;
    const head = headOf(signal, views, via, this.#style, note);
    return this.#detail ? [head, ...metricLines(changed, this.#style)] : [head];
  }

  #changed(point: MetricPointView): boolean {
    const key = `${point.service}\u0000${point.name}\u0000${JSON.stringify(point.attributes)}`;
    const line = formatMetric(point, PLAIN);
    if (this.#printed.get(key) === line) return false;
    this.#printed.delete(key);
    this.#printed.set(key, line);
    if (this.#printed.size > MAX_REMEMBERED_SERIES)
      this.#printed.delete(this.#printed.keys().next().value as string);
    return true;
  }
}
