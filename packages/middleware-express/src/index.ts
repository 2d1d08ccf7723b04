export { expressMiddleware } from './express-middleware.js';
export { expressErrorHandler } from './express-error-handler.js';
export { ExpressTelemetryMiddleware } from './express-telemetry-middleware.js';
export { recordRequestError } from './record-request-error.js';
export type {
  ExpressAppLike,
  ExpressErrorHandler,
  ExpressHandler,
  ExpressNext,
  ExpressRequest,
  ExpressTelemetryOptions,
} from './express-types.js';
export type { HttpTelemetryOptions, MiddlewareClient, SpanNameInfo } from '@telemetryflow/middleware-core';
