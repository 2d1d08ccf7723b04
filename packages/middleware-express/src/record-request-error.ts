import type { ExpressRequest } from './express-types.js';
import { requestTelemetry } from './request-registry.js';

/**
 * Shows an error to the telemetry of a request, as `expressErrorHandler()` does, for code that
 * answers errors itself so they never reach Express's error middleware (NestJS's exception
 * filters): an error answered 5xx makes the span ERROR with the error's message and an `exception`
 * event, one answered below 500 is kept as an `exception` event. The last error recorded for a
 * request wins; a request the middleware does not record is left alone. Never throws.
 *
 * @example
 * ```ts
 * try {
 *   await handle(req, res);
 * } catch (error) {
 *   recordRequestError(req, error);
 *   res.status(500).json({ error: 'internal' });
 * }
 * ```
 */
export function recordRequestError(req: ExpressRequest, error: unknown): void {
  try {
    requestTelemetry.get(req)?.recordError(error, req.res?.headersSent ?? false);
  } catch {
    // Telemetry never changes how errors flow.
  }
}
