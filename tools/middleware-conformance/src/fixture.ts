import type { TelemetryFlowClient } from '@telemetryflow/client';
import type { HttpTelemetryOptions } from '@telemetryflow/middleware-core';

/** The options every adapter takes (middleware-core's `HttpTelemetryOptions`). */
export type ConformanceOptions = HttpTelemetryOptions<unknown>;

/** What a framework can declare, which decides the standard app's route table (see routes.ts). */
export interface FrameworkTraits {
  /** Routes can be regular expressions (`app.get(/^\/re\/(\d+)$/)`). */
  readonly regexRoutes: boolean;
  /**
   * The telemetry can be installed a second time in an encapsulated scope (a Fastify plugin);
   * the standard app then does so for the routes under `/scoped`.
   */
  readonly scopedReinstall: boolean;
  /** How the framework declares a wildcard tail: `/files/*` (Express 4, Fastify), `/files/*path` (Express 5). */
  readonly wildcardPath: string;
  /**
   * How a header is read from what the adapter gives `attributesFromRequest`, when that has no
   * Node-style `headers` object (the default: `request.headers[name]`). Hono gives its `Context`:
   * `c.req.header(name)`.
   */
  readonly requestHeader?: (request: unknown, name: string) => string | undefined;
}

/**
 * Lets the suite follow a request inside the server instead of waiting for a time: the standard
 * routes call these.
 */
export interface RouteProbe {
  /** Called by `GET /hang` when its handler runs; the handler never answers. */
  hangStarted(): void;
  /** Awaited by `GET /in-flight` before it answers 503, so the suite can act while it is in flight. */
  inFlight(): Promise<void>;
}

export interface RunningServer {
  /** `http://127.0.0.1:<port>` */
  readonly baseUrl: string;
  /** Stops the server, dropping any connection still open. */
  close(): Promise<void>;
}

/** What a framework adapter supplies to run the conformance suite. */
export interface ConformanceFixture {
  /** The framework and its major version, e.g. `express@4`. */
  readonly name: string;
  readonly supports: FrameworkTraits;
  /**
   * Starts a real server on 127.0.0.1 (ephemeral port) serving `standardRoutes(supports)` with the
   * telemetry installed with `options` — first, before any route — and the `x-deny` guard (see
   * routes.ts).
   */
  start(client: TelemetryFlowClient, options: ConformanceOptions, probe: RouteProbe): Promise<RunningServer>;
}
