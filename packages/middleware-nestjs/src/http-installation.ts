import { Logger } from '@nestjs/common';
import type { HttpAdapterHost } from '@nestjs/core';
import type { TelemetryFlowClient } from '@telemetryflow/client';
import type { HttpTelemetryOptions } from '@telemetryflow/middleware-core';
import {
  expressMiddleware,
  recordRequestError as recordExpressError,
} from '@telemetryflow/middleware-express';
import type { ExpressAppLike, ExpressRequest } from '@telemetryflow/middleware-express';
import {
  fastifyTelemetry,
  recordRequestError as recordFastifyError,
} from '@telemetryflow/middleware-fastify';
import type { FastifyRequestLike, FastifyTelemetryPlugin } from '@telemetryflow/middleware-fastify';
import type { NestHttpRequest } from './module-options.js';

/** What the module needs from a Fastify instance. */
interface FastifyAppLike {
  register(plugin: FastifyTelemetryPlugin, options: Parameters<FastifyTelemetryPlugin>[1]): unknown;
}

/** The telemetry installed on the application's HTTP platform. */
export interface HttpInstallation {
  /** The platform's adapter is known and supported: requests are recorded. */
  readonly installed: boolean;
  /** Shows an error Nest answered (an exception filter) to the telemetry of its request. */
  recordError(request: unknown, error: unknown): void;
}

type Recorder = (request: unknown, error: unknown) => void;

const logger = (): Logger => new Logger('TelemetryFlowModule');

/** Mounts the adapter of the platform first; returns how to show an error to a request's telemetry. */
const install = (
  type: string,
  instance: unknown,
  client: TelemetryFlowClient,
  options: HttpTelemetryOptions<NestHttpRequest>,
): Recorder | undefined => {
  switch (type) {
    case 'express':
      (instance as ExpressAppLike).use(expressMiddleware(client, options));
      return (request, error) => recordExpressError(request as ExpressRequest, error);
    case 'fastify':
      // fastify-plugin'd: its hooks cover the whole app, whenever Fastify loads it (before ready).
      (instance as FastifyAppLike).register(fastifyTelemetry, { ...options, client });
      return (request, error) => recordFastifyError(request as FastifyRequestLike, error);
    default:
      logger().warn(`HTTP requests are not recorded on the '${type}' platform (Express and Fastify are)`);
      return undefined;
  }
};

/**
 * Installs the HTTP telemetry as soon as the application's HTTP adapter exists: with
 * `NestFactory.create()` before the providers are made, with `@nestjs/testing` in
 * `createNestApplication()`; in both cases before Nest adds its body parsers, middleware and
 * routes, so the Express middleware comes first. No adapter (an application context, a
 * microservice): nothing is installed.
 */
export const installHttpTelemetry = (
  adapterHost: HttpAdapterHost,
  client: TelemetryFlowClient,
  options: HttpTelemetryOptions<NestHttpRequest>,
): HttpInstallation => {
  let recorder: Recorder | undefined;
  const installOnAdapter = (): void => {
    // An application context or a microservice sets no adapter.
    const adapter = adapterHost.httpAdapter as HttpAdapterHost['httpAdapter'] | null | undefined;
    if (!adapter) return;
    try {
      recorder = install(adapter.getType(), adapter.getInstance(), client, options);
    } catch (error) {
      logger().warn(`HTTP requests are not recorded: ${String(error)}`);
    }
  };
  // `init$` replays to late subscribers, and fires when the adapter comes after the providers. A Nest
  // without it: the adapter NestFactory.create() set already, if any.
  const { init$ } = adapterHost as Partial<Pick<HttpAdapterHost, 'init$'>>;
  if (init$ === undefined) installOnAdapter();
  else init$.subscribe(installOnAdapter);
  return {
    get installed() {
      return recorder !== undefined;
    },
    recordError: (request, error) => recorder?.(request, error),
  };
};
