import type { DynamicModule, FactoryProvider } from '@nestjs/common';
import type { TelemetryFlowBuilder, TelemetryFlowClient } from '@telemetryflow/client';
import type { HttpTelemetryOptions } from '@telemetryflow/middleware-core';
import type { ExpressRequest } from '@telemetryflow/middleware-express';
import type { FastifyRequestLike } from '@telemetryflow/middleware-fastify';

/** The request `attributesFromRequest` gets: Express's `req`, or Fastify's request, by platform. */
export type NestHttpRequest = ExpressRequest | FastifyRequestLike;

/** Where the module's client comes from: yours, or built by the module (which then initializes it). */
type ClientSource =
  /** Your client, used as it is: initialize it yourself. */
  | { readonly client: TelemetryFlowClient; readonly builder?: never }
  /** A configured builder (default: `withAutoConfiguration()`, from the environment). */
  | { readonly builder?: TelemetryFlowBuilder; readonly client?: never };

/** Options of `TelemetryFlowModule.forRoot()`: the client, the shared HTTP options, the shutdown bound. */
export type TelemetryFlowModuleOptions = ClientSource &
  HttpTelemetryOptions<NestHttpRequest> & {
    /** How long the client's shutdown may take when the application shuts down, in ms. Default 5000. */
    readonly shutdownTimeoutMs?: number;
  };

/** Options of `TelemetryFlowModule.forRootAsync()`: a factory of the options, with its dependencies. */
export interface TelemetryFlowModuleAsyncOptions {
  /** Modules whose providers `useFactory` injects (e.g. `ConfigModule`). */
  readonly imports?: DynamicModule['imports'];
  /** The providers `useFactory` is called with, in order. */
  readonly inject?: FactoryProvider['inject'];
  readonly useFactory: FactoryProvider<TelemetryFlowModuleOptions>['useFactory'];
}

/** What the module waits for when the application shuts down, by default. */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 5_000;
