import { Readable } from 'node:stream';
import type { FastifyInstance, RouteHandlerMethod } from 'fastify';
import type fastify from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import { baseUrlOf } from '@telemetryflow-internal/test-utils';
import type { TelemetryFlowClient } from '@telemetryflow/client';
import { fastifyTelemetry } from '@telemetryflow/middleware-fastify';
import {
  DENY_HEADER,
  afterBodyWork,
  boomError,
  childWork,
  lateError,
  mountTree,
  standardRoutes,
} from '../../src/index.js';
import type {
  Behaviour,
  ConformanceFixture,
  FrameworkTraits,
  MountNode,
  RouteProbe,
} from '../../src/index.js';

/** `fastify` (5) or `fastify4`, both used through Fastify 5's types. */
export type FastifyModule = typeof fastify;

/**
 * A body that yields one chunk, then fails. Fastify has sent the 200 and the chunk by then; it
 * logs the stream's error and destroys the response, without `onError` or the error handler:
 * the closest Fastify comes to Express's `next(err)` after `res.write`.
 */
const failingBody = (): Readable => {
  let reads = 0;
  return new Readable({
    read() {
      if (reads++ === 0) this.push('partial');
      else process.nextTick(() => this.destroy(lateError()));
    },
  });
};

const handlersFor = (
  client: TelemetryFlowClient,
  probe: RouteProbe,
): Record<Behaviour, RouteHandlerMethod> => ({
  text: async (_request, reply) => reply.type('text/plain').send('ok'),
  json: async () => ({ ok: true }),
  throw: () => {
    throw boomError();
  },
  status: async (request, reply) =>
    reply.code(Number((request.params as { code: string }).code)).send('status'),
  'late-error': async (_request, reply) => reply.type('text/plain').send(failingBody()),
  hang: () => probe.hangStarted(),
  'in-flight': async (_request, reply) => {
    await probe.inFlight();
    return reply.code(503).send('late');
  },
  child: async (_request, reply) => {
    await childWork(client);
    return reply.type('text/plain').send('child');
  },
  echo: async (request, reply) => {
    afterBodyWork(client);
    return reply.code(201).send(request.body);
  },
});

/** Answers 401 to `x-deny: 1` from `onRequest`; not encapsulated, and registered before the telemetry. */
const guard = fastifyPlugin((instance: FastifyInstance, _options: unknown, done: () => void) => {
  instance.addHook('onRequest', (request, reply, next) => {
    if (request.headers[DENY_HEADER] === '1') void reply.code(401).send('denied');
    else next();
  });
  done();
});

/** A Fastify 4 or 5 fixture: prefixed plugins for the mount paths, Fastify's default error handling. */
export const fastifyFixture = (
  name: string,
  framework: FastifyModule,
  supports: FrameworkTraits,
): ConformanceFixture => ({
  name,
  supports,
  async start(client, options, probe) {
    const handlers = handlersFor(client, probe);
    const declare = async (scope: FastifyInstance, node: MountNode): Promise<void> => {
      if (node.telemetryAgain) await scope.register(fastifyTelemetry, { client, ...options });
      for (const route of node.routes) {
        scope.route({ method: route.method, url: String(route.path), handler: handlers[route.behaviour] });
      }
      for (const child of node.children) {
        await scope.register((nested) => declare(nested, child), { prefix: child.prefix });
      }
    };

    // close() must not wait for a request left open (`GET /hang` in a failing case).
    const app = framework({ forceCloseConnections: true });
    await app.register(guard);
    await app.register(fastifyTelemetry, { client, ...options });
    await declare(app, mountTree(standardRoutes(supports)));
    await app.listen({ port: 0, host: '127.0.0.1' });
    return { baseUrl: await baseUrlOf(app.server), close: () => app.close() };
  },
});
