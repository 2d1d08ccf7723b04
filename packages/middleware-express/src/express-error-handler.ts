import type { ExpressErrorHandler } from './express-types.js';
import { requestTelemetry } from './request-registry.js';

/**
 * An Express error middleware that shows errors to the telemetry: a request that fails with an
 * error answered 5xx gets a server span with status ERROR and an `exception` event (without it the
 * span is ERROR with `HTTP 500` only). It passes the same error on with `next(error)`, so your own
 * error middleware and Express's default handler see it unchanged. Mount it after your routes and
 * before your error middleware.
 *
 * @example
 * ```ts
 * app.use(expressMiddleware(client));
 * app.get('/users/:id', getUser);
 * app.use(expressErrorHandler());
 * app.use((err, req, res, next) => res.status(500).json({ error: 'internal' }));
 * ```
 */
export function expressErrorHandler(): ExpressErrorHandler {
  return function telemetryErrorHandler(error, req, res, next): void {
    try {
      requestTelemetry.get(req)?.recordError(error, res.headersSent);
    } catch {
      // Telemetry never changes how errors flow.
    }
    next(error);
  };
}
