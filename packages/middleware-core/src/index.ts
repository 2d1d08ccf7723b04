export { adapterOptionsOf } from './adapter-options.js';
export type { AdapterOptions } from './adapter-options.js';
export { createPathFilter, pathOf, queryOf } from './excluded-paths.js';
export {
  DEFAULT_SENSITIVE_QUERY_PARAMETERS,
  METRIC_ERRORS_TOTAL,
  METRIC_REQUESTS_TOTAL,
  METRIC_REQUEST_DURATION,
  REDACTED,
  createQueryRedactor,
  errorTypeOf,
  exceptionAttributes,
  normalizeMethod,
  parseHost,
  protocolVersionOf,
  requestAttributes,
} from './http-semconv.js';
export type { HttpRequestInfo } from './http-semconv.js';
export { RequestTelemetry } from './request-telemetry.js';
export { ABORTED_ERROR_TYPE, spanVerdict } from './span-verdict.js';
export type { RequestFailure, ResponseOutcome, SpanVerdict } from './span-verdict.js';
export { defaultSpanName, settingsOf } from './telemetry-options.js';
export type {
  HttpTelemetryOptions,
  MiddlewareClient,
  SpanNameInfo,
  TelemetrySettings,
} from './telemetry-options.js';
