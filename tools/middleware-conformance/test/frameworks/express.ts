import type { ErrorRequestHandler, IRouter, RequestHandler } from 'express';
import type express from 'express';
import { baseUrlOf, closeServer } from '@telemetryflow-internal/test-utils';
import type { TelemetryFlowClient } from '@telemetryflow/client';
import { expressErrorHandler, expressMiddleware } from '@telemetryflow/middleware-express';
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

/** `express` (5) or `express4`, both used through Express 5's types. */
export type ExpressModule = typeof express;

/**
 * The standard behaviours as Express handlers. Async work hands its failures to `next` itself:
 * Express 4 does not catch rejected promises.
 */
const handlersFor = (
  express: ExpressModule,
  client: TelemetryFlowClient,
  probe: RouteProbe,
): Record<Behaviour, RequestHandler[]> => ({
  text: [(_req, res) => void res.type('text').send('ok')],
  json: [(_req, res) => res.json({ ok: true })],
  throw: [
    () => {
      throw boomError();
    },
  ],
  status: [(req, res) => void res.status(Number(req.params['code'])).send('status')],
  // The error reaches expressErrorHandler, then the final error middleware, which hands it to
  // Express's own handler as the headers are out: Express then destroys the connection.
  'late-error': [
    (_req, res, next) => {
      res.status(200).type('text').write('partial');
      next(lateError());
    },
  ],
  hang: [() => probe.hangStarted()],
  'in-flight': [(_req, res, next) => void probe.inFlight().then(() => res.status(503).send('late'), next)],
  child: [(_req, res, next) => void childWork(client).then(() => res.type('text').send('child'), next)],
  echo: [
    express.json(),
    (req, res) => {
      afterBodyWork(client);
      res.status(201).json(req.body);
    },
  ],
});

/** Answers 401 to `x-deny: 1` before any route, as an auth middleware would. */
const guard: RequestHandler = (req, res, next) => {
  if (req.headers[DENY_HEADER] === '1') res.status(401).send('denied');
  else next();
};

/** The app's own error middleware: 500, unless the headers are out (then Express's handler ends it). */
const answer500: ErrorRequestHandler = (error, _req, res, next) => {
  if (res.headersSent) next(error);
  else res.status(500).type('text').send('internal');
};

/** An Express 4 or 5 fixture: nested routers for the mount paths, the telemetry first. */
export const expressFixture = (
  name: string,
  express: ExpressModule,
  supports: FrameworkTraits,
): ConformanceFixture => ({
  name,
  supports,
  async start(client, options, probe) {
    const handlers = handlersFor(express, client, probe);
    const declare = (router: IRouter, node: MountNode): void => {
      if (node.telemetryAgain) router.use(expressMiddleware(client, options));
      for (const route of node.routes) {
        const path = route.path;
        if (route.method === 'POST') router.post(path, ...handlers[route.behaviour]);
        else router.get(path, ...handlers[route.behaviour]);
      }
      for (const child of node.children) {
        const nested = express.Router();
        declare(nested, child);
        router.use(child.prefix, nested);
      }
    };

    const app = express();
    app.use(expressMiddleware(client, options));
    app.use(guard);
    declare(app, mountTree(standardRoutes(supports)));
    app.use(expressErrorHandler());
    app.use(answer500);
    const server = app.listen(0, '127.0.0.1');
    return { baseUrl: await baseUrlOf(server), close: () => closeServer(server) };
  },
});
