import type { TelemetryConfig } from '@telemetryflow/domain';
import type { ClientOptions } from '../client-options.js';
import { TelemetryFlowClient } from '../telemetry-flow-client.js';
import type { Environment } from './env-names.js';
import { TelemetryFlowBuilder } from './telemetry-flow-builder.js';

/** A new builder reading `env` (default `process.env`). */
export const newBuilder = (env?: Environment): TelemetryFlowBuilder => new TelemetryFlowBuilder(env);

/**
 * A client configured entirely from environment variables (`withAutoConfiguration()`).
 * @throws {BuilderError} listing every problem
 * @example
 * ```ts
 * const client = newFromEnv();
 * await client.initialize();
 * ```
 */
export const newFromEnv = (env?: Environment): TelemetryFlowClient =>
  newBuilder(env).withAutoConfiguration().build();

/** Same as {@link newFromEnv} (Go naming; like the TelemetryFlow Python SDK it throws the same way). */
export const mustNewFromEnv = (env?: Environment): TelemetryFlowClient => newFromEnv(env);

/**
 * A client from the four required settings; everything else at its default.
 * @throws {BuilderError} listing every problem
 */
export const newSimple = (
  keyId: string,
  keySecret: string,
  endpoint: string,
  serviceName: string,
): TelemetryFlowClient =>
  new TelemetryFlowBuilder()
    .withApiKey(keyId, keySecret)
    .withEndpoint(endpoint)
    .withService(serviceName)
    .build();

/** Same as {@link newSimple}. */
export const mustNewSimple = (
  keyId: string,
  keySecret: string,
  endpoint: string,
  serviceName: string,
): TelemetryFlowClient => newSimple(keyId, keySecret, endpoint, serviceName);

/** Same as `new TelemetryFlowClient(config, options)`. */
export const newClient = (config: TelemetryConfig, options?: ClientOptions): TelemetryFlowClient =>
  new TelemetryFlowClient(config, options);
