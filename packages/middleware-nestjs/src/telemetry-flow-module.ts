import type { DynamicModule, OnApplicationShutdown, Provider } from '@nestjs/common';
import { APP_INTERCEPTOR, HttpAdapterHost } from '@nestjs/core';
import { TelemetryFlowBuilder } from '@telemetryflow/client';
import type { TelemetryFlowClient } from '@telemetryflow/client';
import { TelemetryErrorInterceptor } from './error-interceptor.js';
import { installHttpTelemetry } from './http-installation.js';
import type { HttpInstallation } from './http-installation.js';
import { DEFAULT_SHUTDOWN_TIMEOUT_MS } from './module-options.js';
import type { TelemetryFlowModuleAsyncOptions, TelemetryFlowModuleOptions } from './module-options.js';
import { TELEMETRYFLOW_CLIENT, TELEMETRYFLOW_MODULE_OPTIONS } from './tokens.js';

const HTTP_INSTALLATION = Symbol('TelemetryFlowModule HTTP installation');
const CLIENT_SHUTDOWN = Symbol('TelemetryFlowModule client shutdown');

/** Your client as it is; else one built from `builder` (or the environment), initialized. */
const clientOf = ({ client, builder }: TelemetryFlowModuleOptions): TelemetryFlowClient =>
  client ?? (builder ?? new TelemetryFlowBuilder().withAutoConfiguration()).build().initialize();

const installationOf = (
  adapterHost: HttpAdapterHost,
  client: TelemetryFlowClient,
  // The rest are the options every HTTP adapter takes.
  { client: _client, builder: _builder, shutdownTimeoutMs: _timeout, ...http }: TelemetryFlowModuleOptions,
): HttpInstallation => installHttpTelemetry(adapterHost, client, http);

/** Shuts the client down, within the timeout, once Nest has closed the HTTP server. */
const shutdownOf = (
  client: TelemetryFlowClient,
  { shutdownTimeoutMs = DEFAULT_SHUTDOWN_TIMEOUT_MS }: TelemetryFlowModuleOptions,
): OnApplicationShutdown => ({
  onApplicationShutdown: () => client.shutdown(shutdownTimeoutMs),
});

const moduleWith = (options: Provider<TelemetryFlowModuleOptions>): DynamicModule => ({
  module: TelemetryFlowModule,
  global: true,
  providers: [
    options,
    { provide: TELEMETRYFLOW_CLIENT, useFactory: clientOf, inject: [TELEMETRYFLOW_MODULE_OPTIONS] },
    {
      provide: HTTP_INSTALLATION,
      useFactory: installationOf,
      inject: [HttpAdapterHost, TELEMETRYFLOW_CLIENT, TELEMETRYFLOW_MODULE_OPTIONS],
    },
    {
      provide: CLIENT_SHUTDOWN,
      useFactory: shutdownOf,
      inject: [TELEMETRYFLOW_CLIENT, TELEMETRYFLOW_MODULE_OPTIONS],
    },
    {
      provide: APP_INTERCEPTOR,
      useFactory: (installation: HttpInstallation) => new TelemetryErrorInterceptor(installation),
      inject: [HTTP_INSTALLATION],
    },
  ],
  exports: [TELEMETRYFLOW_CLIENT],
});

/**
 * The TelemetryFlow module for NestJS 11 and 12, on the Express and the Fastify platform: a global
 * module providing the `TelemetryFlowClient` (inject it with `@InjectTelemetryFlow()`) and recording
 * every HTTP request as a SERVER span named after its route template (`GET /orgs/:org/repos/:repo`,
 * with RouterModule paths, the global prefix and URI versions), with the HTTP metrics, through
 * `@telemetryflow/middleware-express` or `@telemetryflow/middleware-fastify`. Errors answered by
 * exception filters reach the span. On application shutdown the client is shut down, within
 * `shutdownTimeoutMs`.
 *
 * @example
 * ```ts
 * @Module({
 *   imports: [
 *     TelemetryFlowModule.forRoot({
 *       builder: new TelemetryFlowBuilder().withAutoConfiguration(),
 *       excludedPaths: ['/health'],
 *     }),
 *     OrdersModule,
 *   ],
 * })
 * export class AppModule {}
 * ```
 */
export class TelemetryFlowModule {
  /**
   * The module with `options`: `client` (yours, used as it is) or `builder` (the module builds and
   * initializes the client; default: from the environment), plus the options every HTTP adapter takes.
   */
  static forRoot(options: TelemetryFlowModuleOptions = {}): DynamicModule {
    return moduleWith({ provide: TELEMETRYFLOW_MODULE_OPTIONS, useValue: options });
  }

  /**
   * The module with options made by `useFactory` (which may be async), called with the providers
   * listed in `inject` from the modules in `imports`.
   *
   * @example
   * ```ts
   * TelemetryFlowModule.forRootAsync({
   *   imports: [ConfigModule],
   *   inject: [ConfigService],
   *   useFactory: (config: ConfigService) => ({
   *     builder: new TelemetryFlowBuilder().withAutoConfiguration().withService(config.get('SERVICE')),
   *   }),
   * });
   * ```
   */
  static forRootAsync({
    imports = [],
    inject = [],
    useFactory,
  }: TelemetryFlowModuleAsyncOptions): DynamicModule {
    return {
      ...moduleWith({ provide: TELEMETRYFLOW_MODULE_OPTIONS, useFactory, inject }),
      imports,
    };
  }
}
