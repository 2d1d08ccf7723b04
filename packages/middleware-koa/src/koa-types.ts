import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { HttpTelemetryOptions } from '@telemetryflow/middleware-core';

/** A layer of @koa/router, as listed in `ctx.matched`: a route (with methods) or a router middleware. */
export interface KoaLayerLike {
  readonly path: string | RegExp;
  /** The route's methods (`GET` routes list `HEAD` too); empty for `router.use()` middleware. */
  readonly methods: readonly string[];
}

/** What the middleware needs from the Koa application: its `error` event. */
export interface KoaAppLike {
  on(event: 'error', listener: (error: unknown, ctx: unknown) => void): unknown;
}

/**
 * The context as the middleware reads it. Koa 2's and 3's own `Context` fit (and @koa/router's
 * `RouterContext`), so the package imports nothing from Koa.
 */
export interface KoaContextLike {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly method: string;
  /** The request target as received, before any middleware rewrote `ctx.url` / `ctx.path`. */
  readonly originalUrl: string;
  readonly headers: IncomingHttpHeaders;
  /** `http` / `https`, honouring `app.proxy` (`X-Forwarded-Proto`). */
  readonly protocol: string;
  /** The client's address, honouring `app.proxy` (`X-Forwarded-For`). */
  readonly ip: string;
  readonly app: KoaAppLike;
  /** The response body: a stream's failure after the headers is the request's. */
  readonly body?: unknown;
  /** Set by @koa/router: the path of the layer that ran last, with its routers' prefixes. */
  readonly _matchedRoute?: string | RegExp | undefined;
  /** Set by @koa/router: every layer whose path matched, in order. */
  readonly matched?: readonly KoaLayerLike[] | undefined;
}

/** Koa's `next`: runs the downstream middleware. */
export type KoaNext = () => Promise<unknown>;

/** A Koa middleware, as `app.use()` and `router.use()` take it. */
export type KoaMiddleware = (ctx: KoaContextLike, next: KoaNext) => Promise<unknown>;

/** Options of `koaMiddleware`: the shared options, `attributesFromRequest` given Koa's `ctx`. */
export type KoaTelemetryOptions = HttpTelemetryOptions<KoaContextLike>;
