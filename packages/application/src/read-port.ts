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
 * Driven port of the read side: answers the read queries from a store of exported telemetry
 * (@telemetryflow/testing's in-memory store; a backend API could be another). Optional: the read
 * queries are registered on the query bus only when an adapter is given. Queries arrive validated.
 */
export interface TelemetryReadPort {
  /** `undefined` when no series of the metric matches. */
  getMetric(query: GetMetricQuery): Promise<MetricQueryResult | undefined>;
  /** `undefined` when no value of the metric falls in the window. */
  aggregateMetrics(query: AggregateMetricsQuery): Promise<AggregatedMetricResult | undefined>;
  getLogs(query: GetLogsQuery): Promise<LogsQueryResult>;
  /** `undefined` when no span of the trace is known. */
  getTrace(query: GetTraceQuery): Promise<TraceQueryResult | undefined>;
  /** Most recent trace first. */
  searchTraces(query: SearchTracesQuery): Promise<readonly TraceQueryResult[]>;
}
