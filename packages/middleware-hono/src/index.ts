export { honoTelemetry } from './hono-telemetry.js';
export type { HonoTelemetryOptions } from './hono-types.js';
export type { HttpTelemetryOptions, MiddlewareClient, SpanNameInfo } from '@telemetryflow/middleware-core';
