export { TelemetryFlowClient } from './telemetry-flow-client.js';
export { TelemetryFlowBuilder } from './builder/telemetry-flow-builder.js';
export type { AttributeLimits, GrpcMessageSizes, SignalSelection } from './builder/builder-settings.js';
export {
  mustNewFromEnv,
  mustNewSimple,
  newBuilder,
  newClient,
  newFromEnv,
  newSimple,
} from './builder/module-helpers.js';
export { BATCH_ENV, LIMIT_ENV, OTEL_ENV, TELEMETRYFLOW_ENV, otlpSignalVar } from './builder/env-names.js';
export type { ClientOptions, Diagnostic } from './client-options.js';
export type { LogContext, LogRecordData } from './log-record.js';
export { TRANSPORT_PACKAGES, resolveTransportFactory } from './transport-resolution.js';
export { SDK_VERSION } from './version.js';
export { MAX_OPEN_SPANS } from './engine/otel-engine.js';
export { maxQueueSizeFor } from './engine/export/export-pipeline.js';
export {
  BuilderError,
  ConfigError,
  Credentials,
  CredentialsError,
  MIN_SECRET_LENGTH,
  NotInitializedError,
  REDACTED,
  createRedactor,
  Protocol,
  SeverityLevel,
  SignalType,
  SpanKind,
  SpanStatus,
  TelemetryConfig,
  TelemetryFlowError,
} from '@telemetryflow/domain';
export type {
  AttributeValue,
  Attributes,
  DiagnosticLogLevel,
  ExemplarFilter,
  ExportOutcome,
  ExportSendOptions,
  ExportTransport,
  ExportTransportFactory,
  HistogramAggregation,
  LogRecordLimitSettings,
  Problem,
  PropagatorName,
  ResourceDetectorName,
  SamplerName,
  SamplerSettings,
  SignalOverrides,
  SignalSettings,
  SpanLimitSettings,
  TelemetryConfigOptions,
  TemporalityPreference,
  TransportContext,
} from '@telemetryflow/domain';
export {
  HealthStatus,
  InvalidQueryError,
  MAX_QUERY_LIMIT,
  NON_ERROR_TYPE,
  exceptionAttributes,
  exceptionTypeOf,
} from '@telemetryflow/application';
export type { HealthQueryResult, SDKStatus, SignalStatus, TraceCarrier } from '@telemetryflow/application';
export type {
  AggregateMetricsQuery,
  AggregatedMetricResult,
  GetLogsOptions,
  GetLogsQuery,
  GetMetricQuery,
  GetTraceQuery,
  LogEntry,
  LogsQueryResult,
  MetricQueryResult,
  ObservableCallback,
  ObservableOptions,
  Observer,
  SearchTracesOptions,
  SearchTracesQuery,
  SpanInfo,
  TelemetryReadPort,
  TimeRange,
  TraceQueryResult,
} from '@telemetryflow/application';
