import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { HttpTelemetryOptions, MiddlewareClient } from '@telemetryflow/middleware-core';

/** The request as the plugin reads it; Fastify 4's and 5's `FastifyRequest` fit. */
export interface FastifyRequestLike {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  /** `http` / `https`, honouring Fastify's `trustProxy`. */
  readonly protocol?: string;
  /** The client's address, honouring Fastify's `trustProxy`. */
  readonly ip?: string | undefined;
  readonly raw: IncomingMessage;
  /** Fastify ≥ 4.10: `url` is the route template, `undefined` when no route matched. */
  readonly routeOptions?: { readonly url?: string | undefined };
  /** Fastify < 4.10 only (deprecated since). */
  readonly routerPath?: string;
}

/** The reply as the plugin reads it. */
export interface FastifyReplyLike {
  readonly statusCode: number;
  readonly raw: ServerResponse;
}

/** A Node HTTP(S)/HTTP2 server, as far as the plugin observes its requests. */
export interface RequestEmitterLike {
  listeners(event: 'request'): ((...args: never[]) => unknown)[];
  removeListener(event: 'request', listener: (...args: never[]) => unknown): unknown;
  on(event: 'request', listener: (request: IncomingMessage, response: ServerResponse) => void): unknown;
}

/** What the plugin needs from a Fastify instance. */
export interface FastifyInstanceLike {
  addHook(name: string, hook: (...args: never[]) => unknown): unknown;
  /** The Node server Fastify listens with (read as a {@link RequestEmitterLike}). */
  readonly server?: unknown;
}

/** Options of the `fastifyTelemetry` plugin: the client plus the shared options. */
export interface FastifyTelemetryOptions extends HttpTelemetryOptions<FastifyRequestLike> {
  /** An initialized `TelemetryFlowClient`. */
  readonly client: MiddlewareClient;
}

/** The plugin's signature: a Fastify callback plugin. */
export type FastifyTelemetryPlugin = (
  instance: FastifyInstanceLike,
  options: FastifyTelemetryOptions,
  done: (error?: Error) => void,
) => void;
