import type {
  AggregateMetricsQuery,
  GetLogsQuery,
  GetMetricQuery,
  GetTraceQuery,
  SearchTracesQuery,
} from './queries.js';
import type {
  AggregatedMetricResult,
  LogsQueryResult,
  MetricQueryResult,
  TraceQueryResult,
} from './query-results.js';

/**
 * Driven port of the read side: answers queries about recorded telemetry from a store
 * (a backend API, or an in-memory buffer in tests). Optional: the read queries are only
 * registered on the query bus when an adapter is given.
 */
export interface TelemetryReadPort {
  getMetric(query: GetMetricQuery): Promise<MetricQueryResult | undefined>;
  aggregateMetrics(query: AggregateMetricsQuery): Promise<AggregatedMetricResult | undefined>;
  getLogs(query: GetLogsQuery): Promise<LogsQueryResult>;
  getTrace(query: GetTraceQuery): Promise<TraceQueryResult | undefined>;
  searchTraces(query: SearchTracesQuery): Promise<readonly TraceQueryResult[]>;
}
