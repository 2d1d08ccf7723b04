import type { Server } from 'node:http';
import { Hono } from 'hono';
import type { Context, ErrorHandler, Handler, MiddlewareHandler } from 'hono';
import type { serve } from '@hono/node-server';
import { baseUrlOf, closeServer } from '@telemetryflow-internal/test-utils';
import type { TelemetryFlowClient } from '@telemetryflow/client';
import { honoTelemetry } from '@telemetryflow/middleware-hono';
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

/** `serve` of @hono/node-server 2, or of 1 (`@hono/node-server1`): the same signature. */
export type NodeServe = typeof serve;

/**
 * A body that yields one chunk, then fails. Sent with `Transfer-Encoding: chunked` (as Hono's
 * `streamText()` does), @hono/node-server writes the 200 before reading the body; when the body
 * fails it destroys the response with the error: the client gets a 200 cut short. (Hono's own
 * `stream()` helpers catch their callback's errors and end the body normally instead.)
 */
const failingBody = (): ReadableStream<Uint8Array> => {
  let reads = 0;
  return new ReadableStream({
    pull(controller) {
      if (reads++ === 0) controller.enqueue(new TextEncoder().encode('partial'));
      else controller.error(lateError());
    },
  });
};

const handlersFor = (client: TelemetryFlowClient, probe: RouteProbe): Record<Behaviour, Handler> => ({
  text: (c) => c.text('ok'),
  json: (c) => c.json({ ok: true }),
  throw: () => {
    throw boomError();
  },
  status: (c) => new Response('status', { status: Number(c.req.param('code')) }),
  'late-error': () =>
    new Response(failingBody(), {
      headers: { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' },
    }),
  hang: () => {
    probe.hangStarted();
    return new Promise<Response>(() => undefined);
  },
  'in-flight': async (c) => {
    await probe.inFlight();
    return c.text('late', 503);
  },
  child: async (c) => {
    await childWork(client);
    return c.text('child');
  },
  echo: async (c) => {
    const body: unknown = await c.req.json();
    afterBodyWork(client);
    return c.json(body, 201);
  },
});

/** Answers 401 to `x-deny: 1` before any route, as an auth middleware would. */
const guard: MiddlewareHandler = async (c, next) => {
  if (c.req.header(DENY_HEADER) === '1') return c.text('denied', 401);
  return next();
};

/** The app's own error handling (`app.onError`): 500. */
const answer500: ErrorHandler = (_error, c) => c.text('internal', 500);

/** What Hono supports, on either major of @hono/node-server. */
const supports: FrameworkTraits = {
  // Hono's routes are strings (a parameter may carry a pattern: `/:id{[0-9]+}`).
  regexRoutes: false,
  // A sub-app mounted with `app.route()` can install the telemetry again.
  scopedReinstall: true,
  wildcardPath: '/files/*',
  // `attributesFromRequest` gets Hono's `Context`, as Hono's own middleware hooks do.
  requestHeader: (request, name) => (request as Context).req.header(name),
};

/**
 * A Hono 4 fixture on @hono/node-server: sub-apps mounted with `app.route()` for the mount paths,
 * the telemetry first, the app's `onError`.
 */
export const honoFixture = (name: string, serveApp: NodeServe): ConformanceFixture => ({
  name,
  supports,
  async start(client, options, probe) {
    const handlers = handlersFor(client, probe);
    const declare = (scope: Hono, node: MountNode): void => {
      if (node.telemetryAgain) scope.use(honoTelemetry(client, options));
      for (const route of node.routes) scope.on(route.method, String(route.path), handlers[route.behaviour]);
      for (const child of node.children) {
        // app.route() copies the sub-app's routes as they are: declare them first.
        const nested = new Hono();
        declare(nested, child);
        scope.route(child.prefix, nested);
      }
    };

    const app = new Hono();
    app.use(honoTelemetry(client, options));
    app.use(guard);
    declare(app, mountTree(standardRoutes(supports)));
    app.onError(answer500);
    const server = serveApp({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
    return { baseUrl: await baseUrlOf(server), close: () => closeServer(server) };
  },
});
