import type { TraceView } from './telemetry-store.js';
import type { LogView, MetricPointView, SpanView } from './telemetry-views.js';

export interface Style {
  readonly dim: (s: string) => string;
  readonly bold: (s: string) => string;
  readonly red: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly green: (s: string) => string;
  readonly cyan: (s: string) => string;
}

const ansi = (code: number) => (s: string) => `\u001b[${code}m${s}\u001b[0m`;
export const COLOR: Style = {
  dim: ansi(2),
  bold: ansi(1),
  red: ansi(31),
  yellow: ansi(33),
  green: ansi(32),
  cyan: ansi(36),
};
const plain = (s: string) => s;
export const PLAIN: Style = { dim: plain, bold: plain, red: plain, yellow: plain, green: plain, cyan: plain };

const duration = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
const short = (id: string | undefined): string => (id === undefined ? '-' : id.slice(0, 8));
const clock = (ms: number): string => new Date(ms).toISOString().slice(11, 23);
const MAX_VALUE = 80;

/**
 * A number without binary float noise: 12 significant digits, so 0.0023351799999998092 reads
 * 0.00233518 (a double holds 15–17; the last few are the noise of sums and differences).
 */
export const cleanNumber = (n: number): string =>
  Number.isFinite(n) ? String(Number(n.toPrecision(12))) : String(n);

/** One line per attribute value, long ones (stack traces) cut. */
const oneLine = (value: unknown): string => {
  const text = (typeof value === 'number' ? cleanNumber(value) : String(value)).replace(/\s*\n\s*/g, ' ⏎ ');
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
};

const attrs = (a: Record<string, unknown>): string => {
  const entries = Object.entries(a);
  return entries.length === 0 ? '' : `{${entries.map(([k, v]) => `${k}=${oneLine(v)}`).join(', ')}}`;
};

/** A trace as an indented tree: name, kind, duration, status. */
export const formatTrace = (trace: TraceView, style: Style): string[] => {
  const ids = new Set(trace.spans.map((s) => s.spanId));
  const children = new Map<string | undefined, SpanView[]>();
  for (const span of trace.spans) {
    const parent =
      span.parentSpanId !== undefined && ids.has(span.parentSpanId) ? span.parentSpanId : undefined;
    children.set(parent, [...(children.get(parent) ?? []), span]);
  }
  const remote = trace.spans.find((s) => s.parentSpanId !== undefined && !ids.has(s.parentSpanId));
  const lines = [
    `${style.cyan('trace')} ${trace.traceId.slice(0, 16)}  ${style.bold(trace.service)}  ${duration(trace.durationMs)}` +
      (remote === undefined ? '' : style.dim(`  (continues remote parent ${short(remote.parentSpanId)})`)),
  ];
  const walk = (parent: string | undefined, depth: number): void => {
    for (const span of children.get(parent) ?? []) {
      const status =
        span.status === 'error'
          ? style.red(` ERROR${span.statusMessage ? `: ${span.statusMessage}` : ''}`)
          : '';
      const label = `${'  '.repeat(depth)}${depth > 0 ? '└─ ' : ''}${span.name}`;
      lines.push(
        `  ${label.padEnd(44)} ${style.dim(span.kind.padEnd(8))} ${duration(span.durationMs).padStart(9)}${status}`,
      );
      walk(span.spanId, depth + 1);
    }
  };
  walk(undefined, 0);
  return lines;
};

const SEVERITY_STYLE: Record<string, keyof Style> = {
  ERROR: 'red',
  FATAL: 'red',
  WARN: 'yellow',
  INFO: 'green',
};

export const formatLog = (log: LogView, style: Style): string => {
  const level = Object.keys(SEVERITY_STYLE).find((l) => log.severity.toUpperCase().startsWith(l));
  const severity = style[level === undefined ? 'dim' : (SEVERITY_STYLE[level] ?? 'dim')](
    log.severity.padEnd(5),
  );
  const trace =
    log.traceId === undefined ? '' : style.dim(` trace=${short(log.traceId)} span=${short(log.spanId)}`);
  return `  ${style.dim(clock(log.timeMs))} ${severity} ${log.service}: ${oneLine(log.body)} ${style.dim(attrs(log.attributes))}${trace}`;
};

export const formatMetric = (point: MetricPointView, style: Style): string => {
  const value =
    point.type === 'histogram'
      ? `count=${point.count ?? 0} sum=${cleanNumber(point.value)}`
      : `${point.type === 'sum' ? 'sum' : 'value'}=${cleanNumber(point.value)}`;
  const unit = point.unit === '' ? '' : ` ${point.unit}`;
  return `  ${point.name}${style.dim(attrs(point.attributes))} ${style.dim(point.type)} ${value}${unit}`;
};
