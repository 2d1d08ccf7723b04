import type { Server } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type express from 'express';
import { SpanKind } from '@telemetryflow/client';
import type { TelemetryFlowClient } from '@telemetryflow/client';
import { expressErrorHandler, expressMiddleware } from '../src/index.js';
import type { ExpressTelemetryOptions } from '../src/index.js';
import { baseUrlOf, delay } from './helpers.js';

export type ExpressModule = typeof express;

export interface TestApp {
  readonly server: Server;
  readonly url: string;
  /** Errors seen by the app's own error middleware, in order. */
  readonly errorsSeen: unknown[];
  /** Resolves when the `/slow` handler has started. */
  readonly slowStarted: Promise<void>;
  /** Resolves when a response to `/slow` has closed, from the handler's point of view. */
  readonly slowClosed: Promise<void>;
  /** Lets the pending `/slow` handler answer. */
  readonly releaseSlow: () => void;
}

export const SYNC_ERROR = new Error('sync handler failed');
export const ASYNC_ERROR = new TypeError('async handler failed');
export const NESTED_ERROR = new RangeError('nested handler failed');

/**
 * An app with routes, nested routers, failures and a slow route. Express 4 does not catch promise
 * rejections, so async failures are handed to `next` there, as Express 4 apps must do.
 */
export const startTestApp = async (
  express: ExpressModule,
  major: 4 | 5,
  client: TelemetryFlowClient,
  options: ExpressTelemetryOptions = { excludedPaths: ['/health', '/internal/*'] },
): Promise<TestApp> => {
  const asyncRoute =
    (fn: (req: Request, res: Response) => Promise<void>): RequestHandler =>
    (req: Request, res: Response, next: NextFunction) =>
      major === 5 ? fn(req, res) : fn(req, res).catch(next);
  const app = express();
  app.use(expressMiddleware(client, options));

  app.get('/', (_req, res) => {
    res.send('home');
  });
  for (const path of ['/health', '/internal', '/internal/jobs']) app.get(path, (_req, res) => res.send('ok'));

  const users = express.Router();
  users.get(
    '/:id',
    asyncRoute(async (req, res) => {
      client.span('cache.lookup', SpanKind.CLIENT, () => undefined);
      client.logInfo('looking up user');
      await delay(Number(req.params['id']) % 4);
      await client.span('db.query', SpanKind.CLIENT, () => delay(1));
      client.logInfo('user loaded');
      res.json({ id: req.params['id'] });
    }),
  );
  users.post('/', express.json(), (req, res) => {
    client.span('db.insert', SpanKind.CLIENT, () => undefined);
    res.status(201).json(req.body);
  });
  users.get('/:id/fail', () => {
    throw NESTED_ERROR;
  });
  app.use('/api/users', users);

  const teams = express.Router();
  teams.get('/:teamId/members', (_req, res) => res.json([]));
  const orgs = express.Router();
  orgs.use('/teams', teams);
  app.use('/api/orgs', orgs);

  app.get('/status/:code', (req, res) => res.status(Number(req.params['code'])).send('status'));
  app.get('/boom/sync', () => {
    throw SYNC_ERROR;
  });
  app.get(
    '/boom/async',
    asyncRoute(async () => {
      await delay(1);
      throw ASYNC_ERROR;
    }),
  );

  let releaseSlow = (): void => undefined;
  let onSlowClosed = (): void => undefined;
  let onSlowStarted = (): void => undefined;
  const slowStarted = new Promise<void>((resolve) => (onSlowStarted = resolve));
  const slowReleased = new Promise<void>((resolve) => (releaseSlow = resolve));
  const slowClosed = new Promise<void>((resolve) => (onSlowClosed = resolve));
  app.get(
    '/slow',
    asyncRoute(async (_req, res) => {
      // Registered after the middleware's listener, so it runs once the request is recorded.
      res.once('close', onSlowClosed);
      onSlowStarted();
      await slowReleased;
      res.send('late');
    }),
  );

  app.use(expressErrorHandler());
  const errorsSeen: unknown[] = [];
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    errorsSeen.push(error);
    res.status(500).json({ error: (error as Error).message });
  });

  const server = app.listen(0, '127.0.0.1');
  return { server, url: await baseUrlOf(server), errorsSeen, slowStarted, slowClosed, releaseSlow };
};
