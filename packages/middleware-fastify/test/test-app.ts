import type { Server } from 'node:http';
import type fastify from 'fastify';
import { SpanKind } from '@telemetryflow/client';
import type { TelemetryFlowClient } from '@telemetryflow/client';
import { fastifyTelemetry } from '../src/index.js';
import type { FastifyTelemetryOptions } from '../src/index.js';
import { baseUrlOf, delay } from './helpers.js';

/** `fastify` (5) or `fastify4`: the tests use them through Fastify 5's types. */
export type FastifyModule = typeof fastify;

export interface TestApp {
  readonly server: Server;
  readonly url: string;
  /** Errors seen by the app's error handler, in order. */
  readonly errorsSeen: unknown[];
  /** Resolves when the `/slow` handler has started. */
  readonly slowStarted: Promise<void>;
  /** Resolves when the response to `/slow` has closed, after the plugin saw it. */
  readonly slowClosed: Promise<void>;
  /** Lets the pending `/slow` handler answer. */
  readonly releaseSlow: () => void;
  readonly close: () => Promise<void>;
}

export const SYNC_ERROR = new Error('sync handler failed');
export const ASYNC_ERROR = new TypeError('async handler failed');
export const NESTED_ERROR = new RangeError('nested handler failed');

type Options = Omit<FastifyTelemetryOptions, 'client'>;

/** An app with routes, prefixed plugins, failures and a slow route, listening on loopback. */
export const startTestApp = async (
  framework: FastifyModule,
  client: TelemetryFlowClient,
  options: Options = { excludedPaths: ['/health', '/internal/*'] },
): Promise<TestApp> => {
  const app = framework();
  const errorsSeen: unknown[] = [];
  app.setErrorHandler((error, _request, reply) => {
    errorsSeen.push(error);
    void reply.code(500).send({ error: (error as Error).message });
  });
  await app.register(fastifyTelemetry, { client, ...options });

  app.get('/', async () => 'home');
  for (const path of ['/health', '/internal', '/internal/jobs']) app.get(path, async () => 'ok');

  await app.register(
    async (users) => {
      users.get<{ Params: { id: string } }>('/:id', async (request) => {
        client.span('cache.lookup', SpanKind.CLIENT, () => undefined);
        client.logInfo('looking up user');
        await delay(Number(request.params.id) % 4);
        await client.span('db.query', SpanKind.CLIENT, () => delay(1));
        client.logInfo('user loaded');
        return { id: request.params.id };
      });
      users.post('/', async (request, reply) => {
        client.span('db.insert', SpanKind.CLIENT, () => undefined);
        return reply.code(201).send(request.body);
      });
      users.get('/:id/fail', async () => {
        throw NESTED_ERROR;
      });
    },
    { prefix: '/api/users' },
  );
  await app.register(
    async (orgs) => {
      await orgs.register(
        async (teams) => {
          teams.get('/:teamId/members', async () => []);
        },
        { prefix: '/teams' },
      );
    },
    { prefix: '/api/orgs' },
  );

  app.get<{ Params: { code: string } }>('/status/:code', async (request, reply) =>
    reply.code(Number(request.params.code)).send('status'),
  );
  app.get('/boom/sync', () => {
    throw SYNC_ERROR;
  });
  app.get('/boom/async', async () => {
    await delay(1);
    throw ASYNC_ERROR;
  });

  let releaseSlow = (): void => undefined;
  let onSlowClosed = (): void => undefined;
  let onSlowStarted = (): void => undefined;
  const slowStarted = new Promise<void>((resolve) => (onSlowStarted = resolve));
  const slowReleased = new Promise<void>((resolve) => (releaseSlow = resolve));
  const slowClosed = new Promise<void>((resolve) => (onSlowClosed = resolve));
  app.get('/slow', async (request) => {
    // Fastify runs onRequestAbort on the request's close; this listener comes after it.
    request.raw.once('close', () => setImmediate(onSlowClosed));
    onSlowStarted();
    await slowReleased;
    return 'late';
  });

  await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    server: app.server,
    url: await baseUrlOf(app.server),
    errorsSeen,
    slowStarted,
    slowClosed,
    releaseSlow,
    close: () => app.close(),
  };
};
