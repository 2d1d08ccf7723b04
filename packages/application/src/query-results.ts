import type { Attributes, Protocol, SeverityLevel, SignalType, SpanKind } from '@telemetryflow/domain';
import type { SignalExportStats } from './ports.js';

export const HealthStatus = {
  HEALTHY: 'healthy',
  DEGRADED: 'degraded',
  UNHEALTHY: 'unhealthy',
} as const;
export type HealthStatus = (typeof HealthStatus)[keyof typeof HealthStatus];

/** Recording and export accounting of one signal. */
export interface SignalStatus extends SignalExportStats {
  /** Recordings accepted. */
  readonly recorded: number;
  /** Recordings dropped as invalid input. */
  readonly invalid: number;
}

/** `getStatus()`: the TelemetryFlow Python SDK's keys in camelCase, plus per-signal accounting. */
export interface SDKStatus {
  readonly initialized: boolean;
  readonly version: string;
  readonly serviceName: string;
  readonly endpoint: string;
  readonly protocol: Protocol;
  readonly signalsEnabled: SignalType[];
  /** Seconds since `initialize()`; `null` when not running. */
  readonly uptimeSeconds: number | null;
  /** Metric recordings accepted (counter, gauge, histogram, metric: 1 each). */
  readonly metricsSent: number;
  /** Log records accepted. */
  readonly logsSent: number;
  /** Spans started. */
  readonly spansSent: number;
  readonly signals: Readonly<Record<SignalType, SignalStatus>>;
  /** Attributes dropped from otherwise valid recordings. */
  readonly droppedAttributes: number;
  /** Why the latest invalid input was dropped. */
  readonly lastInvalidReason: string | undefined;
  /**
   * The SDK is disabled (`OTEL_SDK_DISABLED=true`): it never starts, every recording call is a
   * no-op, nothing is exported. `initialized` stays `false`.
   */
  readonly disabled: boolean;
}

export interface ComponentHealth {
  readonly status: HealthStatus;
  readonly message: string;
}

export interface HealthQueryResult {
  readonly status: HealthStatus;
  readonly message: string;
  readonly components: Readonly<Record<string, ComponentHealth>>;
  /** Epoch milliseconds. */
  readonly timestamp: number;
}

/** `GetMetricQuery`'s answer: a metric's current value. */
export interface MetricQueryResult {
  readonly name: string;
  /**
   * Counter (sum): its total; gauge: its last value; histogram: the sum of the values recorded. When
   * several series match, counters and histograms add up and a gauge gives its latest series' value.
   */
  readonly value: number;
  readonly unit: string;
  /** When the value was exported (epoch ms). */
  readonly timestamp: number;
  /** The series' attributes; with several series matching, the query's `attributes` (or `{}`). */
  readonly attributes: Attributes;
}

/** `AggregateMetricsQuery`'s answer: over the values seen in the window, of every matching series. */
export interface AggregatedMetricResult {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly sum: number;
  /** How many values were aggregated (for a histogram: recordings). */
  readonly count: number;
  /** `sum / count`. */
  readonly avg: number;
  readonly unit: string;
  /** The window's start (epoch ms): the query's `startTime`, or the first value's time. */
  readonly startTime: number;
  /** The window's end (epoch ms): the query's `endTime`, or the last value's time. */
  readonly endTime: number;
}

/** One log record, as `GetLogsQuery` returns it. */
export interface LogEntry {
  /** The record's body as text (structured bodies as JSON). */
  readonly message: string;
  readonly severity: SeverityLevel;
  /** Epoch ms (the record's time, or when it was observed). */
  readonly timestamp: number;
  /** Lowercase hex; absent outside a span. */
  readonly traceId?: string;
  readonly spanId?: string;
  readonly attributes: Attributes;
}

/** `GetLogsQuery`'s answer: one page of matching records, oldest first. */
export interface LogsQueryResult {
  readonly logs: readonly LogEntry[];
  /** Matching records, all pages together. */
  readonly totalCount: number;
  /** More matching records follow this page. */
  readonly hasMore: boolean;
}

/** One span of a trace. Ids are lowercase hex; times are epoch ms. */
export interface SpanInfo {
  readonly spanId: string;
  readonly traceId: string;
  /** `undefined` for a root span. */
  readonly parentSpanId: string | undefined;
  readonly name: string;
  /** `service.name` of the span's resource. */
  readonly serviceName: string;
  readonly startTime: number;
  readonly endTime: number | undefined;
  readonly durationMs: number | undefined;
  readonly kind: SpanKind;
  readonly status: 'unset' | 'ok' | 'error';
  /** The status description (set with an error). */
  readonly statusMessage: string | undefined;
  readonly attributes: Attributes;
  readonly events: readonly { name: string; timestamp: number; attributes: Attributes }[];
}

/** A trace: its spans in start order (a parent before its children). */
export interface TraceQueryResult {
  readonly traceId: string;
  readonly spans: readonly SpanInfo[];
  /** From the first span's start to the last span's end (ms). */
  readonly durationMs: number | undefined;
}
