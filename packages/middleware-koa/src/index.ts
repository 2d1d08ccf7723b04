export { koaMiddleware } from './koa-middleware.js';
export type {
  KoaAppLike,
  KoaContextLike,
  KoaLayerLike,
  KoaMiddleware,
  KoaNext,
  KoaTelemetryOptions,
} from './koa-types.js';
export type { HttpTelemetryOptions, MiddlewareClient, SpanNameInfo } from '@telemetryflow/middleware-core';
