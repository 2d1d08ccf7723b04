import { ServerInterceptingCall } from '@grpc/grpc-js';
import type {
  Metadata,
  ServerInterceptingCallInterface,
  ServerInterceptor,
  ServerMethodDefinition,
} from '@grpc/grpc-js';
import type { TraceCarrier } from '@telemetryflow/client';
import type { GrpcTelemetryClient, GrpcTelemetrySettings } from './grpc-telemetry-options.js';
import { RpcCall } from './rpc-call.js';
import { cancelledStatus, methodOf, peerOf } from './rpc-semconv.js';

const PROPAGATED = ['traceparent', 'tracestate', 'baggage'] as const;

/** The W3C trace context headers of incoming metadata (repeated `tracestate`/`baggage` joined). */
const carrierOf = (metadata: Metadata): TraceCarrier => {
  const carrier: Record<string, string> = {};
  for (const key of PROPAGATED) {
    const values = metadata.get(key).filter((v): v is string => typeof v === 'string');
    if (values.length > 0) carrier[key] = key === 'traceparent' ? (values[0] as string) : values.join(',');
  }
  return carrier;
};

const deadlineOf = (call: ServerInterceptingCallInterface): number => {
  const deadline = call.getDeadline();
  return deadline instanceof Date ? deadline.getTime() : deadline;
};

/**
 * The server interceptor: a SERVER span per call, continuing the caller's trace from the
 * metadata and active while grpc-js runs the handler, ended when the status is sent.
 */
export const serverInterceptorOf = (
  client: GrpcTelemetryClient,
  settings: GrpcTelemetrySettings,
  isOn: () => boolean,
): ServerInterceptor =>
  function telemetryServerInterceptor(
    descriptor: ServerMethodDefinition<unknown, unknown>,
    call: ServerInterceptingCallInterface,
  ): ServerInterceptingCall {
    const method = methodOf(descriptor.path);
    if (!isOn() || settings.isIgnored(method.name)) return new ServerInterceptingCall(call);
    const startedAt = Date.now();
    let rpc: RpcCall | undefined;
    // grpc-js calls the handler from these listener hooks (unary and server streaming: on the
    // half-close; client streaming and bidi: on the metadata), from its HTTP/2 stream's events,
    // so each hook runs with the span active: the handler's spans and logs are its children.
    const inSpan = (fn: () => void): void => (rpc === undefined ? fn() : rpc.inSpan(fn));
    return new ServerInterceptingCall(call, {
      start(next) {
        next({
          onReceiveMetadata(metadata, proceed) {
            try {
              const spanOnly = { ...peerOf(call.getPeer()), ...settings.metadataAttributes(metadata) };
              rpc = client.withTraceContext(
                carrierOf(metadata),
                () => new RpcCall(client, 'server', method, {}, spanOnly),
              );
            } catch {
              // Never break a call for telemetry.
            }
            inSpan(() => proceed(metadata));
          },
          onReceiveMessage(message, proceed) {
            inSpan(() => proceed(message));
          },
          onReceiveHalfClose(proceed) {
            inSpan(proceed);
          },
          onCancel() {
            // Also after a status was sent (grpc-js reports every ended call): then a no-op. The
            // details show only for DEADLINE_EXCEEDED: a cancelled server call is no failure.
            rpc?.end(cancelledStatus(startedAt, deadlineOf(call), Date.now()), 'Deadline exceeded');
          },
        });
      },
      sendStatus(status, proceed) {
        rpc?.end(status.code, status.details);
        proceed(status);
      },
    });
  };
