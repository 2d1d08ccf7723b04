export { createSdk, CommandBus, QueryBus } from './buses.js';
export { dropStoppedItems, dropStoppedRecording } from './stopped-recording.js';
export type {
  RecordingCommand,
  Sdk,
  SdkCommand,
  SdkCommandResults,
  SdkOptions,
  SdkPorts,
  SdkQuery,
  SdkQueryResults,
  SdkRecorders,
} from './buses.js';
export { HandlerAlreadyRegisteredError, NoHandlerError } from './bus-errors.js';
export { now } from './clock.js';
export { FlushTelemetryCommand, InitializeSDKCommand, ShutdownSDKCommand } from './lifecycle-commands.js';
export { FlushTelemetryHandler, InitializeSDKHandler, ShutdownSDKHandler } from './lifecycle-handlers.js';
export { NON_ERROR_TYPE, exceptionAttributes, exceptionTypeOf } from './exception-attributes.js';
export { EmitBatchLogsCommand, EmitLogCommand } from './log-commands.js';
export type { LogRecordDetails } from './log-commands.js';
export { EmitBatchLogsHandler, EmitLogHandler } from './log-handlers.js';
export { MessageBus } from './message-bus.js';
export { ObserveInstrumentCommand, ObserveInstrumentHandler } from './observable-instruments.js';
export type {
  ObservableCallback,
  ObservableKind,
  ObservableOptions,
  ObservableRegistration,
  Observer,
} from './ports.js';
export type { Handler, Message, MessageOfType } from './message-bus.js';
export {
  RecordCounterCommand,
  RecordGaugeCommand,
  RecordHistogramCommand,
  RecordMetricCommand,
} from './metric-commands.js';
export {
  RecordCounterHandler,
  RecordGaugeHandler,
  RecordHistogramHandler,
  RecordMetricHandler,
} from './metric-handlers.js';
export type {
  BaggagePort,
  CleanAttributes,
  LifecyclePort,
  LogRecordInput,
  LoggingPort,
  MetricInstrument,
  MetricInstrumentKind,
  MetricsPort,
  SignalExportStats,
  SpanFailure,
  SpanStart,
  StatusSource,
  TraceCarrier,
  TracingPort,
} from './ports.js';
export {
  AggregateMetricsQuery,
  GetHealthQuery,
  GetLogsQuery,
  GetMetricQuery,
  GetSDKStatusQuery,
  GetTraceQuery,
  SearchTracesQuery,
} from './queries.js';
export type { GetLogsOptions, SearchTracesOptions, TimeRange } from './queries.js';
export { InvalidQueryError, MAX_QUERY_LIMIT } from './query-validation.js';
export { HealthStatus } from './query-results.js';
export type {
  AggregatedMetricResult,
  ComponentHealth,
  HealthQueryResult,
  LogEntry,
  LogsQueryResult,
  MetricQueryResult,
  SDKStatus,
  SignalStatus,
  SpanInfo,
  TraceQueryResult,
} from './query-results.js';
export type { TelemetryReadPort } from './read-port.js';
export {
  MAX_ATTRIBUTE_KEY_LENGTH,
  MAX_LOG_BODY_LENGTH,
  MAX_NAME_LENGTH,
  NO_ATTRIBUTE_LIMITS,
  cleanText,
  cleanUnit,
  cutAttributeValues,
  cutText,
  isFiniteNumber,
  isValidInstrumentName,
  normalizeAttributes,
} from './recording-rules.js';
export type { AttributeLimits } from './recording-rules.js';
export { RecordingStats } from './recording-stats.js';
export { SdkState } from './sdk-state.js';
export {
  AddSpanEventCommand,
  EndSpanCommand,
  SetSpanAttributesCommand,
  SetSpanStatusCommand,
  StartSpanCommand,
  UpdateSpanNameCommand,
} from './span-commands.js';
export {
  AddSpanEventHandler,
  EndSpanHandler,
  SetSpanAttributesHandler,
  SetSpanStatusHandler,
  StartSpanHandler,
  UpdateSpanNameHandler,
} from './span-handlers.js';
export { GetHealthHandler, GetSDKStatusHandler } from './status-handlers.js';
