import type { SignalType } from '@telemetryflow/domain';

/** The OTLP collector service method each signal is exported with (unary calls). */
export const EXPORT_METHODS: Readonly<Record<SignalType, string>> = Object.freeze({
  traces: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
  metrics: '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export',
  logs: '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
});
