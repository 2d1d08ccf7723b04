export { fastifyTelemetry } from './fastify-telemetry.js';
export { recordRequestError } from './record-request-error.js';
export type {
  FastifyInstanceLike,
  FastifyReplyLike,
  FastifyRequestLike,
  FastifyTelemetryOptions,
  FastifyTelemetryPlugin,
} from './fastify-types.js';
export type { HttpTelemetryOptions, MiddlewareClient, SpanNameInfo } from '@telemetryflow/middleware-core';
