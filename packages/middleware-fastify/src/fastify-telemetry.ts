import type { IncomingMessage, ServerResponse } from 'node:http';
import fastifyPlugin from 'fastify-plugin';
import { RequestTelemetry, adapterOptionsOf, pathOf, queryOf } from '@telemetryflow/middleware-core';
import { outcomeOf, rawSchemeOf, schemeOf } from './fastify-request-info.js';
import { recordRequestError } from './record-request-error.js';
import { tracked } from './request-registry.js';
import type {
  FastifyInstanceLike,
  FastifyReplyLike,
  FastifyRequestLike,
  FastifyTelemetryOptions,
  FastifyTelemetryPlugin,
  RequestEmitterLike,
} from './fastify-types.js';

type Done = () => void;

/** Marks a server whose requests the plugin already observes. */
const OBSERVED = Symbol.for('@telemetryflow/middleware-fastify/observed');

/**
 * Runs `observe` around Fastify's own request listener, so every request the server receives is
 * recorded — also those answered by hooks of plugins registered before this one, which run before
 * any hook of ours — and Fastify handles it with the span active.
 */
const observeServer = (
  server: unknown,
  observe: (request: IncomingMessage, response: ServerResponse, proceed: () => void) => void,
): void => {
  const marked = server as (Partial<RequestEmitterLike> & { [OBSERVED]?: true }) | null | undefined;
  if (typeof marked?.listeners !== 'function' || marked[OBSERVED]) return;
  const emitter = marked as RequestEmitterLike & { [OBSERVED]?: true };
  const listeners = emitter.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  if (listeners.length === 0) return;
  for (const listener of listeners) emitter.removeListener('request', listener);
  emitter.on('request', function telemetryRequest(request, response) {
    observe(request, response, () => {
      for (const listener of listeners) listener.call(emitter, request, response);
    });
  });
  emitter[OBSERVED] = true;
};

function telemetryPlugin(
  fastify: FastifyInstanceLike,
  options: FastifyTelemetryOptions,
  done: (error?: Error) => void,
): void {
  const { client } = options;
  const { settings, isExcluded, extraAttributes } = adapterOptionsOf(options);

  /** `request`: Fastify's request, when the hook ending it has one (the route is known then). */
  const finish = (raw: IncomingMessage, aborted: boolean, request?: FastifyRequestLike): void => {
    const entry = tracked.get(raw);
    if (entry === undefined) return;
    try {
      // An earlier hook may have answered before ours ran: the route is known all the same.
      entry.request ??= request;
      entry.telemetry.finish(outcomeOf(entry.request, entry.response, aborted));
    } catch {
      // Telemetry never breaks a request.
    }
  };

  /** The request's telemetry, or `undefined` when it passes through untouched. */
  const start = (
    raw: IncomingMessage,
    response: ServerResponse,
    request?: FastifyRequestLike,
  ): RequestTelemetry | undefined => {
    try {
      const target = request?.url ?? raw.url;
      const path = pathOf(target);
      if (tracked.has(raw) || isExcluded(path) || !client.isInitialized()) return undefined;
      const telemetry = new RequestTelemetry(client, settings, {
        method: raw.method,
        path,
        query: queryOf(target),
        scheme: request === undefined ? rawSchemeOf(raw) : schemeOf(request),
        headers: raw.headers,
        httpVersion: raw.httpVersion,
        clientAddress: request?.ip ?? raw.socket?.remoteAddress,
        peerAddress: raw.socket?.remoteAddress,
        peerPort: raw.socket?.remotePort,
      });
      tracked.set(raw, request === undefined ? { telemetry, response } : { telemetry, response, request });
      // Ends requests no hook of ours sees end: aborted ones on Fastify < 4.23 (no onRequestAbort),
      // replies Fastify does not report (hijacked, errors before routing).
      response.once('close', () => finish(raw, !response.writableFinished));
      return telemetry;
    } catch {
      return undefined;
    }
  };

  observeServer(fastify.server, (raw, response, proceed) => {
    const telemetry = start(raw, response);
    if (telemetry === undefined) proceed();
    else telemetry.begin(undefined, proceed);
  });

  fastify.addHook(
    'onRequest',
    function telemetryOnRequest(request: FastifyRequestLike, reply: FastifyReplyLike, next: Done): void {
      const entry = tracked.get(request.raw);
      if (entry === undefined) {
        // Not seen by the server listener (e.g. `fastify.inject()`): start here.
        const telemetry = start(request.raw, reply.raw, request);
        if (telemetry === undefined) next();
        else telemetry.begin(extraAttributes(request), next);
        return;
      }
      if (entry.request === undefined) {
        // Now that Fastify parsed the request: what honours `trustProxy`, and the user's attributes.
        entry.request = request;
        entry.telemetry.refine(
          { scheme: schemeOf(request), clientAddress: request.ip ?? request.raw.socket?.remoteAddress },
          extraAttributes(request),
        );
      }
      next();
    },
  );
  fastify.addHook(
    'onError',
    function telemetryOnError(
      request: FastifyRequestLike,
      reply: FastifyReplyLike,
      error: unknown,
      next: Done,
    ): void {
      recordRequestError(request, error);
      next();
    },
  );
  fastify.addHook(
    'onResponse',
    function telemetryOnResponse(request: FastifyRequestLike, reply: FastifyReplyLike, next: Done): void {
      finish(request.raw, false, request);
      next();
    },
  );
  try {
    fastify.addHook(
      'onRequestAbort',
      function telemetryOnRequestAbort(request: FastifyRequestLike, next: Done): void {
        finish(request.raw, true, request);
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
