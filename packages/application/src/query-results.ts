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

/** `getStatus()`: the reference's keys in camelCase, plus per-signal accounting. */
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

export interface MetricQueryResult {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly timestamp: number;
  readonly attributes: Attributes;
}

export interface AggregatedMetricResult {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly sum: number;
  readonly count: number;
  readonly avg: number;
  readonly unit: string;
  readonly startTime: number;
  readonly endTime: number;
}

export interface LogEntry {
  readonly message: string;
  readonly severity: SeverityLevel;
  readonly timestamp: number;
  readonly traceId?: string;
  readonly spanId?: string;
  readonly attributes: Attributes;
}

export interface LogsQueryResult {
  readonly logs: readonly LogEntry[];
  readonly totalCount: number;
  readonly hasMore: boolean;
}

export interface SpanInfo {
  readonly spanId: string;
  readonly traceId: string;
  readonly name: string;
  readonly startTime: number;
  readonly endTime: number | undefined;
  readonly durationMs: number | undefined;
  readonly kind: SpanKind;
  readonly status: 'unset' | 'ok' | 'error';
  readonly attributes: Attributes;
  readonly events: readonly { name: string; timestamp: number; attributes: Attributes }[];
}

export interface TraceQueryResult {
  readonly traceId: string;
  readonly spans: readonly SpanInfo[];
  readonly durationMs: number | undefined;
}
