import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import type Koa from 'koa';
import Router from '@koa/router';
import type { RouterMiddleware } from '@koa/router';
import { baseUrlOf, closeServer } from '@telemetryflow-internal/test-utils';
import type { TelemetryFlowClient } from '@telemetryflow/client';
import { koaMiddleware } from '@telemetryflow/middleware-koa';
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

/** `koa` (3) or `koa2`, both used through Koa 3's types. */
export type KoaModule = typeof Koa;

/** What both majors declare: @koa/router 15 (path-to-regexp 8) serves both. */
export const KOA_TRAITS: FrameworkTraits = {
  regexRoutes: true,
  // A router is a scope: `router.use(koaMiddleware(…))` installs the telemetry again in it.
  scopedReinstall: true,
  wildcardPath: '/files/*path',
};

/** A body that yields one chunk, then fails: Koa has sent the 200 and the chunk by then. */
const failingBody = (): Readable =>
  Readable.from(
    (async function* chunks() {
      yield 'partial';
      await Promise.resolve();
      throw lateError();
    })(),
  );

/** Koa has no body parser of its own. */
const readJson = async (req: IncomingMessage): Promise<unknown> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
};

const handlersFor = (
  client: TelemetryFlowClient,
  probe: RouteProbe,
): Record<Behaviour, RouterMiddleware> => ({
  text: (ctx) => {
    ctx.body = 'ok';
  },
  json: (ctx) => {
    ctx.body = { ok: true };
  },
  throw: () => {
    throw boomError();
  },
  status: (ctx) => {
    ctx.status = Number(ctx.params['code']);
    ctx.body = 'status';
  },
  'late-error': (ctx) => {
    ctx.type = 'text';
    ctx.body = failingBody();
  },
  // A middleware that returns lets Koa answer (404): this one never settles.
  hang: () => {
    probe.hangStarted();
    return new Promise<never>(() => undefined);
  },
  'in-flight': async (ctx) => {
    await probe.inFlight();
    ctx.status = 503;
    ctx.body = 'late';
  },
  child: async (ctx) => {
    await childWork(client);
    ctx.body = 'child';
  },
  echo: async (ctx) => {
    const body = await readJson(ctx.req);
    afterBodyWork(client);
    ctx.status = 201;
    ctx.body = body;
  },
});

/** Answers 401 to `x-deny: 1` before the router, as an auth middleware would. */
const guard: Koa.Middleware = async (ctx, next) => {
  if (ctx.get(DENY_HEADER) === '1') {
    ctx.status = 401;
    ctx.body = 'denied';
  } else await next();
};

/**
 * The app's error listener. Koa answers a thrown error itself (500); an error after the headers
 * went out it can only report here, and Koa 2 leaves that response open (Koa 3's stream pipeline
 * has destroyed it already): end it, as an app must.
 */
const onAppError = (error: { headerSent?: boolean }, ctx: Koa.Context): void => {
  if (error.headerSent) ctx.res.destroy();
};

/** A Koa 2 or 3 fixture: @koa/router routers nested with `router.use(prefix, nested.routes())`. */
export const koaFixture = (
  name: string,
  Framework: KoaModule,
  supports: FrameworkTraits,
): ConformanceFixture => ({
  name,
  supports,
  async start(client, options, probe) {
    const handlers = handlersFor(client, probe);
    const declare = (router: Router, node: MountNode): void => {
      if (node.telemetryAgain) router.use(koaMiddleware(client, options));
      for (const route of node.routes) {
        if (route.method === 'POST') router.post(route.path, handlers[route.behaviour]);
        else router.get(route.path, handlers[route.behaviour]);
      }
      for (const child of node.children) {
        // @koa/router copies a nested router's layers when it is mounted: declare them first.
        const nested = new Router();
        declare(nested, child);
        router.use(child.prefix, nested.routes());
      }
    };

    const router = new Router();
    declare(router, mountTree(standardRoutes(supports)));
    const app = new Framework();
    app.on('error', onAppError);
    app.use(koaMiddleware(client, options));
    app.use(guard);
    app.use(router.routes());
    const server = app.listen(0, '127.0.0.1');
    return { baseUrl: await baseUrlOf(server), close: () => closeServer(server) };
  },
});
