import type { Attributes } from '@telemetryflow/client';
import fastifyPlugin from 'fastify-plugin';
import { RequestTelemetry, createPathFilter, defaultSpanName, pathOf } from '@telemetryflow/middleware-core';
import type { TelemetrySettings } from '@telemetryflow/middleware-core';
import { outcomeOf, schemeOf } from './fastify-request-info.js';
import type {
  FastifyInstanceLike,
  FastifyReplyLike,
  FastifyRequestLike,
  FastifyTelemetryOptions,
  FastifyTelemetryPlugin,
} from './fastify-types.js';

type Done = () => void;

interface Tracked {
  readonly telemetry: RequestTelemetry;
  readonly reply: FastifyReplyLike;
}

function telemetryPlugin(
  fastify: FastifyInstanceLike,
  {
    client,
    recordRequestDuration = true,
    recordRequestCount = true,
    recordErrorCount = true,
    excludedPaths = [],
    spanNameFormatter = defaultSpanName,
    attributesFromRequest,
  }: FastifyTelemetryOptions,
  done: (error?: Error) => void,
): void {
  const settings: TelemetrySettings = {
    recordRequestDuration,
    recordRequestCount,
    recordErrorCount,
    spanNameFormatter,
  };
  const isExcluded = createPathFilter(excludedPaths);
  const requests = new WeakMap<FastifyRequestLike, Tracked>();

  const finish = (request: FastifyRequestLike, aborted: boolean): void => {
    const tracked = requests.get(request);
    if (tracked === undefined) return;
    try {
      tracked.telemetry.finish(outcomeOf(request, tracked.reply, aborted));
    } catch {
      // Telemetry never breaks a request.
    }
  };

  /** The request's telemetry, or `undefined` when it passes through untouched. */
  const start = (request: FastifyRequestLike, reply: FastifyReplyLike): RequestTelemetry | undefined => {
    try {
      const path = pathOf(request.url);
      if (isExcluded(path) || !client.isInitialized()) return undefined;
      const telemetry = new RequestTelemetry(client, settings, {
        method: request.method,
        path,
        scheme: schemeOf(request),
        headers: request.headers,
        httpVersion: request.raw.httpVersion,
      });
      requests.set(request, { telemetry, reply });
      // A safety net: aborted requests on Fastify < 4.23 (no onRequestAbort), replies Fastify misses.
      reply.raw.once('close', () => finish(request, !reply.raw.writableFinished));
      return telemetry;
    } catch {
      return undefined;
    }
  };

  const extraAttributes = (request: FastifyRequestLike): Attributes | undefined => {
    try {
      return attributesFromRequest?.(request);
    } catch {
      return undefined;
    }
  };

  fastify.addHook(
    'onRequest',
    function telemetryOnRequest(request: FastifyRequestLike, reply: FastifyReplyLike, next: Done): void {
      const telemetry = start(request, reply);
      if (telemetry === undefined) next();
      else telemetry.begin(extraAttributes(request), next);
    },
  );
  fastify.addHook(
    'onError',
    function telemetryOnError(
      request: FastifyRequestLike,
      _reply: unknown,
      error: unknown,
      next: Done,
    ): void {
      requests.get(request)?.telemetry.recordError(error);
      next();
    },
  );
  fastify.addHook(
    'onResponse',
    function telemetryOnResponse(request: FastifyRequestLike, _reply: unknown, next: Done): void {
      finish(request, false);
      next();
    },
  );
  try {
    fastify.addHook(
      'onRequestAbort',
      function telemetryOnRequestAbort(request: FastifyRequestLike, next: Done): void {
        finish(request, true);
        next();
      },
    );
  } catch {
    // Fastify < 4.23 has no onRequestAbort hook; the raw response's close covers it.
  }
  done();
}

/**
 * Fastify (4 and 5) plugin recording every request as a SERVER span that continues the caller's
 * W3C trace (`traceparent`), named `GET /users/:id` after the route template, with the stable HTTP
 * semantic-convention attributes; plus the `http.server.request.duration` histogram (seconds) and
 * the `http.requests.total` / `http.errors.total` counters, keyed by route template. Handlers run
 * with the span active, so their spans and logs are its children; errors reach your error handler
 * unchanged and the span records them. Wrapped with fastify-plugin, so it covers the whole app.
 * Excluded paths, and every request while the client is not initialized, pass through untouched.
 *
 * @example
 * ```ts
 * const app = Fastify();
 * await app.register(fastifyTelemetry, { client, excludedPaths: ['/health', '/internal/*'] });
 * app.get('/users/:id', async (request) => {
 *   client.logInfo('loading user'); // correlated with the `GET /users/:id` span
 *   return { id: (request.params as { id: string }).id };
 * });
 * ```
 */
export const fastifyTelemetry: FastifyTelemetryPlugin = fastifyPlugin(telemetryPlugin, {
  name: '@telemetryflow/middleware-fastify',
  fastify: '4.x || 5.x',
});
