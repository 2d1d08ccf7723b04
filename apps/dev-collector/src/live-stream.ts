import type { SignalType } from '@telemetryflow/domain';
import { formatLog, formatMetric, formatTrace } from './terminal-view.js';
import type { Style } from './terminal-view.js';
import type { Views } from './telemetry-views.js';
import { byStart } from './telemetry-store.js';
import type { TraceView } from './telemetry-store.js';
import type { SpanView } from './telemetry-views.js';

const MAX_METRIC_LINES = 12;

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

/** The lines printed for one accepted export: the collector's live terminal stream. */
export const formatBatch = (signal: SignalType, views: Views, via: string, style: Style): string[] => {
  const head = (what: string) => style.bold(`▸ ${what}`) + style.dim(` via ${via}`);
  if (signal === 'traces') {
    return [
      head(`${views.spans.length} spans`),
      ...tracesOf(views.spans).flatMap((t) => formatTrace(t, style)),
    ];
  }
  if (signal === 'logs')
    return [head(`${views.logs.length} logs`), ...views.logs.map((l) => formatLog(l, style))];
  const lines = views.metrics.slice(0, MAX_METRIC_LINES).map((m) => formatMetric(m, style));
  const more = views.metrics.length - lines.length;
  return [
    head(`${views.metrics.length} metric points`),
    ...lines,
    ...(more > 0 ? [style.dim(`  … and ${more} more (see the web page)`)] : []),
  ];
};
