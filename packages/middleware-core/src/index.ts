export { createPathFilter, pathOf } from './excluded-paths.js';
export {
  METRIC_ERRORS_TOTAL,
  METRIC_REQUESTS_TOTAL,
  METRIC_REQUEST_DURATION,
  exceptionAttributes,
  normalizeMethod,
  parseHost,
  requestAttributes,
} from './http-semconv.js';
export type { HttpRequestInfo } from './http-semconv.js';
export { RequestTelemetry } from './request-telemetry.js';
export { spanVerdict } from './span-verdict.js';
export type { ResponseOutcome, SpanVerdict } from './span-verdict.js';
export { defaultSpanName } from './telemetry-options.js';
export type {
  HttpTelemetryOptions,
  MiddlewareClient,
  SpanNameInfo,
  TelemetrySettings,
} from './telemetry-options.js';
