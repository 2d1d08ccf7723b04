import { InterceptingCall } from '@grpc/grpc-js';
import type { Interceptor, InterceptorOptions, Metadata, NextCall } from '@grpc/grpc-js';
import type { GrpcTelemetryClient, GrpcTelemetrySettings } from './grpc-telemetry-options.js';
import { RpcCall } from './rpc-call.js';
import { methodOf, serverOf } from './rpc-semconv.js';
import type { RpcMethod } from './rpc-semconv.js';

/** Starts the CLIENT span and writes its context (W3C `traceparent`, …) into the call's metadata. */
const startCall = (
  client: GrpcTelemetryClient,
  settings: GrpcTelemetrySettings,
  method: RpcMethod,
  target: string,
  metadata: Metadata,
): RpcCall | undefined => {
  try {
    const spanOnly = settings.metadataAttributes(metadata);
    const rpc = new RpcCall(client, 'client', method, serverOf(target), spanOnly);
    const headers: Record<string, string> = {};
    rpc.inSpan(() => client.injectTraceContext(headers));
    for (const [key, value] of Object.entries(headers)) metadata.set(key, value);
    return rpc;
  } catch {
    return undefined; // Never break a call for telemetry.
  }
};

/**
 * The client interceptor: a CLIENT span per call, child of the caller's active span, whose context
 * travels in the metadata; ended when the call's status arrives.
 */
export const clientInterceptorOf = (
  client: GrpcTelemetryClient,
  settings: GrpcTelemetrySettings,
  isOn: () => boolean,
): Interceptor =>
  function telemetryClientInterceptor(options: InterceptorOptions, nextCall: NextCall): InterceptingCall {
    const call = nextCall(options);
    const method = methodOf(options.method_definition.path);
    if (!isOn() || settings.isIgnored(method.name)) return new InterceptingCall(call);
    return new InterceptingCall(call, {
      start(metadata, _listener, next) {
        // Before it connects, grpc-js reports the channel's target as the peer.
        const rpc = startCall(client, settings, method, call.getPeer(), metadata);
        // Outside the span: grpc-js calls back in the context the call starts in (the caller's),
        // which must not become the CLIENT span's.
        next(metadata, {
          onReceiveStatus: (status, proceed) => {
            rpc?.end(status.code, status.details);
            proceed(status);
          },
        });
      },
    });
  };
