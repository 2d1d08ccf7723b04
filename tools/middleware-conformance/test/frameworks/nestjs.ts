import type { Server, ServerResponse } from 'node:http';
import type * as NestCommon from '@nestjs/common';
import type { ArgumentsHost, CanActivate, DynamicModule, ExecutionContext, Type } from '@nestjs/common';
import type * as NestCore from '@nestjs/core';
import type { AbstractHttpAdapter, RouteTree } from '@nestjs/core';
import { baseUrlOf } from '@telemetryflow-internal/test-utils';
import type { TelemetryFlowClient } from '@telemetryflow/client';
import { TelemetryFlowModule } from '@telemetryflow/middleware-nestjs';
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
  ConformanceOptions,
  FrameworkTraits,
  MountNode,
  RouteProbe,
} from '../../src/index.js';

/**
 * The Nest packages the fixture builds the app with, passed in so that one fixture serves Nest 11
 * (tools/conformance-nest11) and Nest 12 (here): a package can hold only one copy of them.
 */
export interface NestModules {
  readonly common: Pick<
    typeof NestCommon,
    'Body' | 'Controller' | 'Get' | 'Header' | 'HttpCode' | 'Module' | 'Param' | 'Post' | 'Res'
  > & { readonly UnauthorizedException: new (message: string) => Error };
  readonly core: Pick<typeof NestCore, 'APP_GUARD' | 'BaseExceptionFilter' | 'NestFactory' | 'RouterModule'>;
  /** A new `ExpressAdapter` or `FastifyAdapter`: the platform. */
  readonly createAdapter: () => AbstractHttpAdapter;
}

/** A route handler as a controller method: what it runs, with Nest's decorators of its parameters and itself. */
interface NestHandler {
  readonly run: (...args: never[]) => unknown;
  readonly params?: readonly ParameterDecorator[];
  readonly decorators?: readonly MethodDecorator[];
}

/** Node's response under Express's `res` (the same object) or Fastify's `reply` (`reply.raw`). */
const rawOf = (response: unknown): ServerResponse =>
  (response as { raw?: ServerResponse }).raw ?? (response as ServerResponse);

const handlersFor = (
  { common }: NestModules,
  client: TelemetryFlowClient,
  probe: RouteProbe,
  adapter: AbstractHttpAdapter,
): Record<Behaviour, NestHandler> => ({
  text: { run: () => 'ok', decorators: [common.Header('content-type', 'text/plain')] },
  json: { run: () => ({ ok: true }) },
  throw: {
    run: () => {
      throw boomError();
    },
  },
  status: {
    run: (code: string, response: unknown) => {
      adapter.status(response, Number(code));
      return 'status';
    },
    params: [common.Param('code'), common.Res({ passthrough: true })],
  },
  // Writes the headers and part of the body itself, then throws: the app's exception filter
  // (`LateErrorFilter`) finds the headers out and breaks the connection, as Express's final handler does.
  'late-error': {
    run: async (response: unknown) => {
      const raw = rawOf(response);
      raw.writeHead(200, { 'content-type': 'text/plain' });
      await new Promise((resolve) => raw.write('partial', resolve));
      throw lateError();
    },
    params: [common.Res()],
  },
  hang: {
    run: () => {
      probe.hangStarted();
      return new Promise<never>(() => undefined);
    },
  },
  'in-flight': {
    run: async () => {
      await probe.inFlight();
      return 'late';
    },
    decorators: [common.HttpCode(503)],
  },
  child: {
    run: async () => {
      await childWork(client);
      return 'child';
    },
  },
  echo: {
    run: (body: unknown) => {
      afterBodyWork(client);
      return body;
    },
    params: [common.Body()],
    decorators: [common.HttpCode(201)],
  },
});

/** A controller class (path `''`) with one method per route of the mount node, decorated as `@Get(path)` would. */
const controllerFor = (
  nest: NestModules,
  node: MountNode,
  handlers: Record<Behaviour, NestHandler>,
): Type => {
  const { common } = nest;
  class RoutesController {}
  node.routes.forEach((route, index) => {
    const key = `route${index}`;
    const { run, params = [], decorators = [] } = handlers[route.behaviour];
    const prototype = RoutesController.prototype as Record<string, unknown>;
    // A function of its own: Nest keeps a route's metadata on the method function.
    prototype[key] = (...args: never[]) => run(...args);
    const descriptor = Object.getOwnPropertyDescriptor(prototype, key) as PropertyDescriptor;
    params.forEach((decorate, position) => decorate(prototype, key, position));
    const verb = route.method === 'POST' ? common.Post : common.Get;
    for (const decorate of [verb(String(route.path)), ...decorators]) decorate(prototype, key, descriptor);
  });
  common.Controller()(RoutesController);
  return RoutesController;
};

/**
 * A feature module per mount node: its routes in a controller, its children imported, and the
 * telemetry imported a second time where the node asks for it.
 */
const featureFor = (
  nest: NestModules,
  node: MountNode,
  handlers: Record<Behaviour, NestHandler>,
  telemetry: () => DynamicModule,
): { module: Type; children: RouteTree[] } => {
  const children = node.children.map((child): RouteTree => ({
    path: child.prefix,
    ...featureFor(nest, child, handlers, telemetry),
  }));
  class FeatureModule {}
  nest.common.Module({
    controllers: [controllerFor(nest, node, handlers)],
    imports: [...children.map((c) => c.module as Type), ...(node.telemetryAgain ? [telemetry()] : [])],
  })(FeatureModule);
  return { module: FeatureModule, children };
};

/** Answers 401 to `x-deny: 1` before the handler runs, as an auth guard would. */
const guardFor = (nest: NestModules): CanActivate => ({
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>();
    if (request.headers[DENY_HEADER] === '1') throw new nest.common.UnauthorizedException('denied');
    return true;
  },
});

/**
 * The app's global exception filter: Nest's own answer, except for an error raised once the
 * headers are out, which breaks the connection (Nest would end the response as if complete).
 */
const lateErrorFilterFor = (
  nest: NestModules,
  adapter: AbstractHttpAdapter,
): NestCore.BaseExceptionFilter => {
  class LateErrorFilter extends nest.core.BaseExceptionFilter {
    override catch(exception: unknown, host: ArgumentsHost): void {
      const raw = rawOf(host.switchToHttp().getResponse());
      if (raw.headersSent) raw.destroy();
      else super.catch(exception, host);
    }
  }
  return new LateErrorFilter(adapter);
};

/**
 * A NestJS fixture on the platform `nest.createAdapter()` makes: a feature module per mount node
 * under `RouterModule` paths (`/orgs/:org` › `/teams/:team`), `TelemetryFlowModule.forRoot` in the
 * root module, a global guard, Nest's default error handling (plus `lateErrorFilterFor`).
 */
export const nestFixture = (
  name: string,
  nest: NestModules,
  supports: FrameworkTraits,
): ConformanceFixture => ({
  name,
  supports,
  async start(client: TelemetryFlowClient, options: ConformanceOptions, probe: RouteProbe) {
    const { common, core } = nest;
    const adapter = nest.createAdapter();
    const handlers = handlersFor(nest, client, probe, adapter);
    const telemetry = () => TelemetryFlowModule.forRoot({ client, ...options });
    const root = featureFor(nest, mountTree(standardRoutes(supports)), handlers, telemetry);
    class AppModule {}
    common.Module({
      imports: [telemetry(), root.module, core.RouterModule.register(root.children)],
      providers: [{ provide: core.APP_GUARD, useValue: guardFor(nest) }],
    })(AppModule);

    const app = await core.NestFactory.create(AppModule, adapter, { logger: false, abortOnError: false });
    app.useGlobalFilters(lateErrorFilterFor(nest, adapter));
    await app.listen(0, '127.0.0.1');
    const server = app.getHttpServer() as Server;
    return {
      baseUrl: await baseUrlOf(server),
      close: async () => {
        // Drops a request left open (`GET /hang` in a failing case), which close() would wait for.
        server.closeAllConnections();
        await app.close();
      },
    };
  },
});
