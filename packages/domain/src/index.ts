export { ALL_SIGNALS, SignalType, isSignalType } from './signal-type.js';
export { CONFIG_DEFAULTS, DEFAULT_ENDPOINT, MAX_TIMER_MS } from './config-defaults.js';
export type { GrpcKeepalive } from './config-defaults.js';
export type { TelemetryConfigOptions } from './config-options.js';
export { Credentials, KEY_ID_PREFIX, KEY_SECRET_PREFIX } from './credentials.js';
export { parseEndpoint } from './endpoint.js';
export type { Endpoint, EndpointParseResult } from './endpoint.js';
export {
  BuilderError,
  ConfigError,
  CredentialsError,
  NotInitializedError,
  TelemetryFlowError,
} from './errors.js';
export type { Problem, TelemetryFlowErrorOptions } from './errors.js';
export type {
  ExportOutcome,
  ExportSendOptions,
  ExportTransport,
  ExportTransportFactory,
  TransportContext,
} from './export-transport.js';
export { controlCharacterIndex, isSafeHeaderToken, isSafeHeaderValue } from './header-value.js';
export { Protocol, isProtocol } from './protocol.js';
export { MIN_SECRET_LENGTH, REDACTED, createRedactor, inspectCustom } from './redaction.js';
export { SeverityLevel, isSeverityLevel, severityNumberOf } from './severity-level.js';
export { SpanKind, isSpanKind } from './span-kind.js';
export { SpanStatus, isSpanStatus } from './span-status.js';
export { TelemetryConfig } from './telemetry-config.js';
export type { AttributeValue, Attributes, ResourceAttributeValue } from './attributes.js';
export { EXEMPLAR_FILTERS, LOG_LEVELS, PROPAGATOR_NAMES, SAMPLER_NAMES } from './export-settings.js';
export { RESOURCE_DETECTOR_NAMES } from './resource-detectors.js';
export type { ResourceDetectorName } from './resource-detectors.js';
export type {
  DiagnosticLogLevel,
  ExemplarFilter,
  LogRecordLimitSettings,
  PropagatorName,
  SamplerName,
  SamplerSettings,
  SignalOverrides,
  SignalSettings,
  SpanLimitSettings,
} from './export-settings.js';
export { headerProblems } from './custom-headers.js';
export {
  HISTOGRAM_AGGREGATIONS,
  MAX_HISTOGRAM_BOUNDARIES,
  TEMPORALITY_PREFERENCES,
} from './metric-settings.js';
export type { HistogramAggregation, TemporalityPreference } from './metric-settings.js';
