import type { Context, MiddlewareHandler } from 'hono';
import { RequestTelemetry, adapterOptionsOf, pathOf } from '@telemetryflow/middleware-core';
import type { MiddlewareClient, ResponseOutcome } from '@telemetryflow/middleware-core';
import { nodeBindingsOf, requestInfoOf, urlPartsOf } from './hono-request-info.js';
import { routeIndexOf, routeOf } from './hono-route.js';
import type { HonoTelemetryOptions, NodeResponseLike } from './hono-types.js';

/** One request the middleware records. */
interface Tracked {
  readonly telemetry: RequestTelemetry;
  /** Node's response, when @hono/node-server serves the app: the request ends with it. */
  readonly outgoing: NodeResponseLike | undefined;
  /** The route template of the handler that answered, so far. */
  readonly route: () => string | undefined;
}

/**
 * The requests in flight, keyed by Node's request (else by Hono's context): shared by every
 * instance of the middleware, so a request is recorded once however often it is mounted.
 */
const inFlight = new WeakSet<object>();

/** Ends the request's telemetry when Node's response is done, or when the connection closes first. */
const watchResponse = ({ telemetry, route }: Tracked, outgoing: NodeResponseLike): void => {
  const outcome = (aborted: boolean): ResponseOutcome => ({
    statusCode: outgoing.headersSent ? outgoing.statusCode : undefined,
    route: route(),
    aborted,
  });
  outgoing.once('finish', () => telemetry.finish(outcome(false)));
  outgoing.once('close', () => {
    // A body stream that failed after the headers: @hono/node-server destroys the response with it.
    if (outgoing.errored) telemetry.recordError(outgoing.errored, outgoing.headersSent);
    telemetry.finish(outcome(outgoing.writableFinished !== true));
  });
};

/** Without Node's response (other runtimes, `app.request()`): a client that goes away ends it. */
const watchSignal = ({ telemetry, route }: Tracked, signal: AbortSignal | undefined): void => {
  const abort = () => telemetry.finish({ statusCode: undefined, route: route(), aborted: true });
  signal?.addEventListener('abort', abort, { once: true });
};

/**
 * Hono 4 middleware recording every request as a SERVER span that continues the caller's W3C trace
 * (`traceparent`), named `GET /users/:id` after the route that answered, with the stable HTTP
 * semantic-convention attributes; plus the `http.server.request.duration` histogram (seconds) and
 * the `http.requests.total` / `http.errors.total` counters, keyed by route template. The rest of the
 * chain runs with the span active, so the handlers' spans and logs are its children; errors Hono
 * hands to `app.onError` reach the span too, and the app's error handling is unchanged. On
 * @hono/node-server the request ends with Node's response (aborts and failed body streams
 * included); elsewhere when the chain returns. Register it first. Excluded paths, and every request
 * while the client is not initialized, pass through untouched.
 *
 * @param client an initialized `TelemetryFlowClient`
 * @example
 * ```ts
 * const app = new Hono();
 * app.use(honoTelemetry(client, { excludedPaths: ['/health', '/internal/*'] }));
 * app.get('/users/:id', (c) => {
 *   client.logInfo('loading user'); // correlated with the `GET /users/:id` span
 *   return c.json({ id: c.req.param('id') });
 * });
 * serve({ fetch: app.fetch, port: 8080 }); // @hono/node-server
 * ```
 */
export function honoTelemetry(
  client: MiddlewareClient,
  options: HonoTelemetryOptions = {},
): MiddlewareHandler {
  const { settings, isExcluded, extraAttributes } = adapterOptionsOf(options);

  /** The request's telemetry, or `undefined` when it passes through untouched. */
  const start = (c: Context): Tracked | undefined => {
    try {
      const bindings = nodeBindingsOf(c.env);
      const key = bindings?.incoming ?? c;
      const url = urlPartsOf(c.req.url);
      // Mounted twice (e.g. also in a sub-app)? The first one records the request.
      if (inFlight.has(key) || isExcluded(pathOf(url.target)) || !client.isInitialized()) return undefined;
      const telemetry = new RequestTelemetry(client, settings, requestInfoOf(c, bindings, url));
      inFlight.add(key);
      const after = routeIndexOf(c);
      const tracked: Tracked = { telemetry, outgoing: bindings?.outgoing, route: () => routeOf(c, after) };
      if (bindings === undefined) watchSignal(tracked, c.req.raw.signal);
      else watchResponse(tracked, bindings.outgoing);
      return tracked;
    } catch {
      return undefined;
    }
  };

  /** After the chain: what Hono's error handling caught, and (without Node) the end of the request. */
  const chainReturned = ({ telemetry, outgoing, route }: Tracked, c: Context, thrown: unknown): void => {
    try {
      const error = thrown ?? c.error;
      if (error !== undefined) telemetry.recordError(error, outgoing?.headersSent ?? false);
      if (outgoing !== undefined) return;
      // Only a finalized context has a response: reading `c.res` before would create one.
      telemetry.finish({
        statusCode: c.finalized ? c.res.status : undefined,
        route: route(),
        aborted: false,
      });
    } catch {
      // Telemetry never breaks a request.
    }
  };

  return async function telemetryMiddleware(c, next) {
    const tracked = start(c);
    if (tracked === undefined) return next();
    let chain = Promise.resolve();
    tracked.telemetry.begin(extraAttributes(c), () => {
      chain = next();
    });
    try {
      await chain;
    } catch (error) {
      // Hono's error handling takes `Error`s only: any other thrown value comes back up the chain.
      chainReturned(tracked, c, error);
      throw error;
    }
    chainReturned(tracked, c, undefined);
  };
}
