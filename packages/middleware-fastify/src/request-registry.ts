import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestTelemetry } from '@telemetryflow/middleware-core';
import type { FastifyRequestLike } from './fastify-types.js';

export interface Tracked {
  readonly telemetry: RequestTelemetry;
  readonly response: ServerResponse;
  /** Fastify's request, once a hook of the plugin saw it (never, when an earlier hook replied). */
  request?: FastifyRequestLike;
}

/**
 * The telemetry of each request in flight, keyed by Node's request: shared by every registration of
 * the plugin, so a request is recorded once however often the plugin is registered.
 */
export const tracked = new WeakMap<IncomingMessage, Tracked>();
