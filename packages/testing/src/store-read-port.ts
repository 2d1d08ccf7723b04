import type {
  AggregateMetricsQuery,
  AggregatedMetricResult,
  GetLogsQuery,
  GetMetricQuery,
  GetTraceQuery,
  LogEntry,
  LogsQueryResult,
  MetricQueryResult,
  SearchTracesQuery,
  SpanInfo,
  TelemetryReadPort,
  TimeRange,
  TraceQueryResult,
} from '@telemetryflow/client';
import { hasAttributes } from './otlp-values.js';
import type { RecordedLog, RecordedSpan } from './records.js';
import type { TelemetryStore } from './telemetry-store.js';

export interface StoreReadPortOptions {
  /**
   * Awaited before every answer; `createTestClient()` flushes the client here, so a query sees
   * everything recorded before it without waiting for a batch.
   */
  readonly beforeRead?: () => Promise<void>;
}

const within = (time: number, { startTime, endTime }: TimeRange): boolean =>
  (startTime === undefined || time >= startTime) && (endTime === undefined || time <= endTime);

/** Start order; a parent before its child when both start in the same microsecond. */
export const byStart = (a: SpanInfo, b: SpanInfo): number =>
  a.startTime - b.startTime || (b.parentSpanId === a.spanId ? -1 : a.parentSpanId === b.spanId ? 1 : 0);

/** The read queries' view of a span: exactly `SpanInfo`, without the resource, scope and links. */
const spanInfoOf = (s: RecordedSpan): SpanInfo => ({
  spanId: s.spanId,
  traceId: s.traceId,
  parentSpanId: s.parentSpanId,
  name: s.name,
  serviceName: s.serviceName,
  startTime: s.startTime,
  endTime: s.endTime,
  durationMs: s.durationMs,
  kind: s.kind,
  status: s.status,
  statusMessage: s.statusMessage,
  attributes: s.attributes,
  events: s.events,
});

const logEntryOf = (l: RecordedLog): LogEntry => ({
  message: l.message,
  severity: l.severity,
  timestamp: l.timestamp,
  ...(l.traceId === undefined ? {} : { traceId: l.traceId }),
  ...(l.spanId === undefined ? {} : { spanId: l.spanId }),
  attributes: l.attributes,
});

interface Trace {
  readonly result: TraceQueryResult;
  readonly spans: readonly RecordedSpan[];
  readonly startTime: number;
}

const traceOf = (traceId: string, spans: readonly RecordedSpan[]): Trace => {
  const sorted = [...spans].sort(byStart);
  const startTime = Math.min(...sorted.map((s) => s.startTime));
  // Offsets plus exact span durations: a one-span trace lasts exactly as long as its span.
  const durationMs = Math.max(...sorted.map((s) => s.startTime - startTime + (s.durationMs ?? 0)));
  return {
    result: { traceId, spans: sorted.map(spanInfoOf), durationMs },
    spans: sorted,
    startTime,
  };
};

/**
 * The `TelemetryReadPort` over a `TelemetryStore`: answers the client's read queries from what the
 * client exported. Give it to the client as `ClientOptions.read` (`createTestClient()` does).
 */
export class StoreReadPort implements TelemetryReadPort {
  readonly #store: TelemetryStore;
  readonly #beforeRead: () => Promise<void>;

  constructor(store: TelemetryStore, options: StoreReadPortOptions = {}) {
    this.#store = store;
    this.#beforeRead = options.beforeRead ?? (() => Promise.resolve());
  }

  /** The trace's spans in start order, and its duration (first start to last end, ms). */
  async getTrace(query: GetTraceQuery): Promise<TraceQueryResult | undefined> {
    await this.#beforeRead();
    const spans = this.#store.spans.filter((s) => s.traceId === query.traceId);
    return spans.length === 0 ? undefined : traceOf(query.traceId, spans).result;
  }

  /**
   * Traces with one span matching the service, operation (span name) and attributes together,
   * whose first span started in the window and whose duration is within the bounds; most recent
   * first, at most `limit`.
   */
  async searchTraces(query: SearchTracesQuery): Promise<readonly TraceQueryResult[]> {
    await this.#beforeRead();
    const { serviceName, operationName, attributes, minDurationMs, maxDurationMs, limit } = query.options;
    const byTrace = new Map<string, RecordedSpan[]>();
    for (const span of this.#store.spans) {
      const spans = byTrace.get(span.traceId);
      if (spans === undefined) byTrace.set(span.traceId, [span]);
      else spans.push(span);
    }
    const matches = (s: RecordedSpan): boolean =>
      (serviceName === undefined || s.serviceName === serviceName) &&
      (operationName === undefined || s.name === operationName) &&
      hasAttributes(s.attributes, attributes);
    return [...byTrace]
      .map(([traceId, spans]) => traceOf(traceId, spans))
      .filter(({ result, spans, startTime }) => {
        const duration = result.durationMs ?? 0;
        return (
          within(startTime, query.options) &&
          (minDurationMs === undefined || duration >= minDurationMs) &&
          (maxDurationMs === undefined || duration <= maxDurationMs) &&
          spans.some(matches)
        );
      })
      .sort((a, b) => b.startTime - a.startTime)
      .slice(0, limit)
      .map((t) => t.result);
  }

  /**
   * The latest point of the metric's series matching the attributes: a counter's total, a gauge's
   * value, a histogram's sum. Several series: counters and histograms add up; a gauge gives the
   * value of the series exported last.
   */
  async getMetric(query: GetMetricQuery): Promise<MetricQueryResult | undefined> {
    await this.#beforeRead();
    const points = this.#store.metricPoints.filter(
      (p) => p.name === query.name && hasAttributes(p.attributes, query.attributes),
    );
    const latest = points.reduce<(typeof points)[number] | undefined>(
      (best, p) => (best === undefined || p.time >= best.time ? p : best),
      undefined,
    );
    if (latest === undefined) return undefined;
    const value = latest.type === 'gauge' ? latest.value : points.reduce((total, p) => total + p.value, 0);
    return {
      name: query.name,
      value,
      unit: latest.unit,
      timestamp: latest.time,
      attributes: points.length === 1 ? latest.attributes : (query.attributes ?? {}),
    };
  }

  /**
   * min / max / sum / count / avg over the metric's values (see `MetricValue`) exported in the
   * window, of every series matching the attributes: a gauge's values, a counter's increases, a
   * histogram's recordings (`min` / `max` as its points carry them: since the series started).
   */
  async aggregateMetrics(query: AggregateMetricsQuery): Promise<AggregatedMetricResult | undefined> {
    await this.#beforeRead();
    const values = this.#store.metricValues.filter(
      (v) =>
        v.point.name === query.name &&
        within(v.point.time, query.range) &&
        hasAttributes(v.point.attributes, query.attributes),
    );
    const first = values[0];
    const last = values.at(-1);
    if (first === undefined || last === undefined) return undefined;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    let sum = 0;
    let count = 0;
    for (const v of values) {
      if (v.min !== undefined) min = Math.min(min, v.min);
      if (v.max !== undefined) max = Math.max(max, v.max);
      sum += v.sum;
      count += v.count;
    }
    return {
      name: query.name,
      min: Number.isFinite(min) ? min : Number.NaN,
      max: Number.isFinite(max) ? max : Number.NaN,
      sum,
      count,
      avg: count === 0 ? Number.NaN : sum / count,
      unit: last.point.unit,
      startTime: query.range.startTime ?? first.point.time,
      endTime: query.range.endTime ?? last.point.time,
    };
  }

  /** Matching records, oldest first (by time, then export order), one page of them. */
  async getLogs(query: GetLogsQuery): Promise<LogsQueryResult> {
    await this.#beforeRead();
    const { severity, traceId, text, attributes, limit, offset } = query.options;
    const matching = this.#store.logs
      .filter(
        (l) =>
          (severity === undefined || l.severity === severity) &&
          (traceId === undefined || l.traceId === traceId) &&
          (text === undefined || l.message.includes(text)) &&
          within(l.timestamp, query.options) &&
          hasAttributes(l.attributes, attributes),
      )
      .sort((a, b) => a.timestamp - b.timestamp);
    const page = matching.slice(offset, offset + limit);
    return {
      logs: page.map(logEntryOf),
      totalCount: matching.length,
      hasMore: offset + page.length < matching.length,
    };
  }
}
