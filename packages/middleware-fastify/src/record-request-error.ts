import type { FastifyRequestLike } from './fastify-types.js';
import { tracked } from './request-registry.js';

/**
 * Shows an error to the telemetry of a request, as the plugin's `onError` hook does, for code that
 * answers errors itself so Fastify never reports them (NestJS's exception filters): an error
 * answered 5xx makes the span ERROR with the error's message and an `exception` event, one answered
 * below 500 is kept as an `exception` event. The last error recorded for a request wins; a request
 * the plugin does not record is left alone. Never throws.
 *
 * @example
 * ```ts
 * app.get('/orders/:id', async (request, reply) => {
 *   try {
 *     return await loadOrder(request);
 *   } catch (error) {
 *     recordRequestError(request, error);
 *     return reply.code(503).send({ error: 'unavailable' });
 *   }
 * });
 * ```
 */
export function recordRequestError(request: Pick<FastifyRequestLike, 'raw'>, error: unknown): void {
  try {
    const entry = tracked.get(request.raw);
    entry?.telemetry.recordError(error, entry.response.headersSent);
  } catch {
    // Telemetry never changes how errors flow.
  }
}
