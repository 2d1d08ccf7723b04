import type { IncomingMessage } from 'node:http';
import { RequestTelemetry, adapterOptionsOf, pathOf, queryOf } from '@telemetryflow/middleware-core';
import type { MiddlewareClient } from '@telemetryflow/middleware-core';
import { routeOf } from './koa-route.js';
import type { KoaAppLike, KoaContextLike, KoaMiddleware, KoaTelemetryOptions } from './koa-types.js';

interface Tracked {
  readonly telemetry: RequestTelemetry;
  /** `next()` rejected, with `thrown`. */
  threw: boolean;
  thrown?: unknown;
}

/**
 * The telemetry of each request in flight, keyed by Node's request: shared by every instance of the
 * middleware, so a request is recorded once however often it is mounted, and found again by the
 * application's `error` listener.
 */
const tracked = new WeakMap<IncomingMessage, Tracked>();

/**
 * Shows the errors Koa reports on `app.on('error', (error, ctx))` to the request's telemetry: those
 * Koa answers itself (`ctx.onerror`), those of a response body stream after the headers went out,
 * and those an app's error middleware re-emits (`ctx.app.emit('error', error, ctx)`), caught
 * further down than this middleware. Only observes: it never throws and changes no response.
 */
function recordAppError(error: unknown, ctx: unknown): void {
  try {
    const { req, res } = (ctx ?? {}) as Partial<KoaContextLike>;
    const entry = req === undefined ? undefined : tracked.get(req);
    if (req === undefined || entry === undefined) return;
    // The connection itself failed (the client reset it): an aborted request, recorded on close.
    if (error === req.socket?.errored) return;
    // Koa reports a thrown non-Error as `new Error('non-error thrown: …')`: keep what was thrown.
    if (entry.threw && !(entry.thrown instanceof Error)) return;
    // Koa marks an error it could not answer any more with `headerSent`.
    const marked = (error as { headerSent?: unknown } | null)?.headerSent === true;
    entry.telemetry.recordError(error, marked || res?.headersSent === true);
  } catch {
    // Telemetry never changes how errors flow.
  }
}

/** The error a response body stream was destroyed with, if it is one that was. */
const streamErrorOf = (body: unknown): unknown => {
  const errored = (body as { errored?: unknown } | null | undefined)?.errored;
  return errored === null ? undefined : errored;
};

const watchedApps = new WeakSet<object>();

/** Listens to the app's `error` event, once per app. Koa installs its own logger before any request. */
const watchApp = (app: KoaAppLike | undefined): void => {
  if (typeof app?.on !== 'function' || watchedApps.has(app)) return;
  app.on('error', recordAppError);
  watchedApps.add(app);
};

/**
 * Koa (2 and 3) middleware recording every request as a SERVER span that continues the caller's
 * W3C trace (`traceparent`), named `GET /users/:id` after the @koa/router route, with the stable
 * HTTP semantic-convention attributes; plus the `http.server.request.duration` histogram (seconds)
 * and the `http.requests.total` / `http.errors.total` counters, keyed by route template. The span is
 * active while the downstream middleware runs (`await next()`), so their spans and logs are its
 * children; thrown errors and the errors Koa reports on `app.on('error')` reach the span, and travel
 * on unchanged. Mount it first. Excluded paths, and every request while the client is not
 * initialized, pass through untouched.
 *
 * @param client an initialized `TelemetryFlowClient`
 * @example
 * ```ts
 * const app = new Koa();
 * const router = new Router();
 * router.get('/users/:id', (ctx) => {
 *   client.logInfo('loading user'); // correlated with the `GET /users/:id` span
 *   ctx.body = { id: ctx.params.id };
 * });
 * app.use(koaMiddleware(client, { excludedPaths: ['/health', '/internal/*'] }));
 * app.use(router.routes());
 * ```
 */
export function koaMiddleware(client: MiddlewareClient, options: KoaTelemetryOptions = {}): KoaMiddleware {
  const { settings, isExcluded, extraAttributes } = adapterOptionsOf(options);

  /** The request's telemetry, or `undefined` when it passes through untouched. */
  const start = (ctx: KoaContextLike): Tracked | undefined => {
    try {
      const { req, res } = ctx;
      const target = ctx.originalUrl ?? req.url;
      const path = pathOf(target);
      // Mounted twice (on the app and in a router)? The first one records the request.
      if (tracked.has(req) || isExcluded(path) || !client.isInitialized()) return undefined;
      const telemetry = new RequestTelemetry(client, settings, {
        method: req.method,
        path,
        query: queryOf(target),
        scheme: ctx.protocol,
        headers: req.headers,
        httpVersion: req.httpVersion,
        clientAddress: ctx.ip || req.socket?.remoteAddress,
        peerAddress: req.socket?.remoteAddress,
        peerPort: req.socket?.remotePort,
      });
      const entry: Tracked = { telemetry, threw: false };
      tracked.set(req, entry);
      watchApp(ctx.app);
      // Koa answers after the middleware chain settles: the response's end is the request's.
      const finish = (aborted: boolean): void => {
        try {
          // A body stream that failed cut the response off; Koa 3 may report it only after this.
          const bodyError = aborted ? streamErrorOf(ctx.body) : undefined;
          if (bodyError !== undefined) telemetry.recordError(bodyError, res.headersSent);
          const statusCode = res.headersSent ? res.statusCode : undefined;
          telemetry.finish({ statusCode, route: routeOf(ctx), aborted });
        } catch {
          // Telemetry never breaks a request.
        }
      };
      res.once('finish', () => finish(false));
      res.once('close', () => finish(!res.writableFinished));
      return entry;
    } catch {
      return undefined;
    }
  };

  return async function telemetryMiddleware(ctx, next) {
    const entry = start(ctx);
    if (entry === undefined) return next();
    let downstream: Promise<unknown> | undefined;
    entry.telemetry.begin(extraAttributes(ctx), () => {
      downstream = next();
    });
    try {
      return await (downstream ?? next());
    } catch (error) {
      entry.threw = true;
      entry.thrown = error;
      entry.telemetry.recordError(error, ctx.res.headersSent);
      throw error;
    }
  };
}
