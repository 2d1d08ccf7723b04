import type { ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { RequestTelemetry, adapterOptionsOf, pathOf, queryOf } from '@telemetryflow/middleware-core';
import type { MiddlewareClient } from '@telemetryflow/middleware-core';
import type { ExpressHandler, ExpressRequest, ExpressTelemetryOptions } from './express-types.js';
import { requestTelemetry } from './request-registry.js';
import { captureRoute } from './route-capture.js';

const schemeOf = (req: ExpressRequest): string =>
  req.protocol ?? ((req.socket as Partial<TLSSocket> | undefined)?.encrypted ? 'https' : 'http');

/** Ends the request's telemetry when the response is done, or when the connection closes first. */
const watchResponse = (req: ExpressRequest, res: ServerResponse, telemetry: RequestTelemetry): void => {
  const routeOf = captureRoute(req);
  const outcome = (aborted: boolean) => ({
    statusCode: res.headersSent ? res.statusCode : undefined,
    route: routeOf(),
    aborted,
  });
  res.once('finish', () => telemetry.finish(outcome(false)));
  res.once('close', () => telemetry.finish(outcome(!res.writableFinished)));
};

/**
 * Express (4 and 5) middleware recording every request as a SERVER span that continues the
 * caller's W3C trace (`traceparent`), named `GET /users/:id` after the matched route, with the
 * stable HTTP semantic-convention attributes; plus the `http.server.request.duration` histogram
 * (seconds) and the `http.requests.total` / `http.errors.total` counters, keyed by route template.
 * Handlers run with the span active, so their spans and logs are its children. Mount it first.
 * Excluded paths, and every request while the client is not initialized, pass through untouched.
 *
 * @param client an initialized `TelemetryFlowClient`
 * @example
 * ```ts
 * const app = express();
 * app.use(expressMiddleware(client, { excludedPaths: ['/health', '/internal/*'] }));
 * app.get('/users/:id', (req, res) => {
 *   client.logInfo('loading user'); // correlated with the `GET /users/:id` span
 *   res.json({ id: req.params.id });
 * });
 * app.use(expressErrorHandler()); // optional: errors reach the span as exception events
 * ```
 */
export function expressMiddleware(
  client: MiddlewareClient,
  options: ExpressTelemetryOptions = {},
): ExpressHandler {
  const { settings, isExcluded, extraAttributes } = adapterOptionsOf(options);

  /** The request's telemetry, or `undefined` when it passes through untouched. */
  const start = (req: ExpressRequest, res: ServerResponse): RequestTelemetry | undefined => {
    try {
      const target = req.originalUrl ?? req.url;
      const path = pathOf(target);
      // Mounted twice (e.g. also in a sub-app)? The first one records the request.
      if (requestTelemetry.has(req) || isExcluded(path) || !client.isInitialized()) return undefined;
      const telemetry = new RequestTelemetry(client, settings, {
        method: req.method,
        path,
        scheme: schemeOf(req),
        headers: req.headers,
        httpVersion: req.httpVersion,
        query: queryOf(target),
        clientAddress: req.ip ?? req.socket?.remoteAddress,
        peerAddress: req.socket?.remoteAddress,
        peerPort: req.socket?.remotePort,
      });
      watchResponse(req, res, telemetry);
      requestTelemetry.set(req, telemetry);
      return telemetry;
    } catch {
      return undefined;
    }
  };

  return function telemetryMiddleware(req, res, next): void {
    const telemetry = start(req, res);
    if (telemetry === undefined) next();
    else telemetry.begin(extraAttributes(req), next);
  };
}
