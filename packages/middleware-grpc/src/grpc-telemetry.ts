import type { Interceptor, ServerInterceptor } from '@grpc/grpc-js';
import { clientInterceptorOf } from './client-interceptor.js';
import { settingsOf } from './grpc-telemetry-options.js';
import type { GrpcTelemetryClient, GrpcTelemetryOptions } from './grpc-telemetry-options.js';
import { serverInterceptorOf } from './server-interceptor.js';

/** The interceptors of one `grpcTelemetry()` call, and the switch they share. */
export interface GrpcTelemetry {
  /** For a client or stub: `new Greeter(target, credentials, { interceptors: [clientInterceptor] })`. */
  readonly clientInterceptor: Interceptor;
  /** For a server (grpc-js ≥ 1.10): `new grpc.Server({ interceptors: [serverInterceptor] })`. */
  readonly serverInterceptor: ServerInterceptor;
  /** `false` after `disable()`. */
  readonly enabled: boolean;
  /**
   * Calls that start from now on pass through both interceptors untouched: no span, no metadata
   * added, no metrics. Calls in flight finish their telemetry. grpc-js cannot take an interceptor
   * off a client or server, so this is how to stop it.
   */
  disable(): void;
  /** Undoes `disable()` for calls that start from now on. */
  enable(): void;
}

/**
 * @grpc/grpc-js interceptors tracing every call, unary and streaming, with the RPC semantic
 * conventions. The client interceptor records a CLIENT span (`package.Service/Method`, child of
 * the active span) and writes its W3C context into the call's metadata; the server interceptor
 * records a SERVER span continuing that context, active while the handler runs, so the handler's
 * spans and logs are its children. Both record `rpc.grpc.status_code`, `error.type` and status
 * ERROR on failure, and the `rpc.client.duration` / `rpc.server.duration` histograms (seconds).
 * While the client is not initialized, and after `disable()`, calls pass through untouched.
 *
 * @param client a `TelemetryFlowClient`
 * @example
 * ```ts
 * const telemetry = grpcTelemetry(client, { ignoredMethods: ['grpc.health.v1.Health/*'] });
 * const server = new grpc.Server({ interceptors: [telemetry.serverInterceptor] });
 * server.addService(greeter.Greeter.service, {
 *   SayHello: (call, callback) => {
 *     client.logInfo('saying hello'); // correlated with the `greeter.Greeter/SayHello` SERVER span
 *     callback(null, { message: `Hello, ${call.request.name}!` });
 *   },
 * });
 * const stub = new greeter.Greeter(target, grpc.credentials.createInsecure(), {
 *   interceptors: [telemetry.clientInterceptor],
 * });
 * ```
 */
export const grpcTelemetry = (
  client: GrpcTelemetryClient,
  options: GrpcTelemetryOptions = {},
): GrpcTelemetry => {
  const settings = settingsOf(options);
  let enabled = true;
  const isOn = (): boolean => {
    try {
      return enabled && client.isInitialized();
    } catch {
      return false;
    }
  };
  return {
    clientInterceptor: clientInterceptorOf(client, settings, isOn),
    serverInterceptor: serverInterceptorOf(client, settings, isOn),
    get enabled() {
      return enabled;
    },
    disable() {
      enabled = false;
    },
    enable() {
      enabled = true;
    },
  };
};
