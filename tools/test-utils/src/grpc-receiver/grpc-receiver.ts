import { Server, ServerCredentials, status } from '@grpc/grpc-js';
import type { ServerUnaryCall, sendUnaryData } from '@grpc/grpc-js';
import { ALL_SIGNALS } from '@telemetryflow/domain';
import type { SignalType } from '@telemetryflow/domain';
import { decodeRequest } from '../otlp-decoder.js';
import { logsOf, metricsOf, spansOf } from '../otlp-views.js';
import type { GrpcReply, GrpcResponder } from './grpc-reply.js';
import type { ReceivedGrpcRequest } from './received-request.js';
import type { GrpcReceiver, GrpcReceiverOptions, Pem } from './receiver-options.js';
import { okResponse, plainMetadata, statusTrailers } from './reply-encoding.js';

const bytesOf = (pem: Pem): Buffer => (Buffer.isBuffer(pem) ? pem : Buffer.from(pem));
const passthrough = (bytes: Buffer): Buffer => bytes;

/** grpc-js gives servers the deadline as a Date, or Infinity for a call without one. */
const timeoutMsOf = (deadline: Date | number): number => {
  const at = deadline instanceof Date ? deadline.getTime() : deadline;
  return Number.isFinite(at) ? at - Date.now() : Infinity;
};

/** Drops the oldest entries beyond `retain`. */
const trim = <T>(list: T[], retain: number | undefined): void => {
  if (retain !== undefined && list.length > retain) list.splice(0, list.length - retain);
};

const SERVICES: Readonly<Record<SignalType, string>> = {
  traces: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
  metrics: '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export',
  logs: '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
};

class Receiver implements GrpcReceiver {
  readonly #server: Server;
  readonly #options: GrpcReceiverOptions;
  readonly #requests: ReceivedGrpcRequest[] = [];
  readonly #delivered: ReceivedGrpcRequest[] = [];
  readonly #timers = new Set<NodeJS.Timeout>();
  #address = '';
  #port = 0;
  #closed = false;
  #received = 0;
  respond: GrpcResponder = () => ({ kind: 'ok' });

  constructor(server: Server, options: GrpcReceiverOptions) {
    this.#server = server;
    this.#options = options;
    for (const signal of ALL_SIGNALS) {
      server.register<Buffer, Buffer>(
        SERVICES[signal],
        this.#handler(signal),
        passthrough,
        passthrough,
        'unary',
      );
    }
  }

  get address(): string {
    return this.#address;
  }

  get port(): number {
    return this.#port;
  }

  get requests(): readonly ReceivedGrpcRequest[] {
    return this.#requests;
  }

  listening(host: string, port: number): void {
    this.#port = port;
    this.#address = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  }

  requestsOf(signal: SignalType): ReceivedGrpcRequest[] {
    return this.#requests.filter((r) => r.signal === signal);
  }

  spans() {
    return this.#deliveredOf('traces').flatMap(spansOf);
  }

  logs() {
    return this.#deliveredOf('logs').flatMap(logsOf);
  }

  metrics() {
    return this.#deliveredOf('metrics').flatMap(metricsOf);
  }

  close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      for (const timer of this.#timers) clearTimeout(timer);
      this.#timers.clear();
      this.#server.forceShutdown();
    }
    return Promise.resolve();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #deliveredOf(signal: SignalType) {
    return this.#delivered.filter((r) => r.signal === signal).map((r) => r.request);
  }

  #handler(signal: SignalType) {
    return (call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>): void => {
      const received = this.#record(signal, call);
      void this.#answer(received, callback);
    };
  }

  #record(signal: SignalType, call: ServerUnaryCall<Buffer, Buffer>): ReceivedGrpcRequest {
    let request = {};
    let decodeError: string | undefined;
    try {
      request = decodeRequest(signal, call.request);
    } catch (error) {
      decodeError = String(error);
    }
    const received: ReceivedGrpcRequest = {
      signal,
      index: ++this.#received,
      request,
      ...(decodeError === undefined ? {} : { decodeError }),
      metadata: plainMetadata(call.metadata),
      bytes: call.request.byteLength,
      receivedAt: Date.now(),
      timeoutMs: timeoutMsOf(call.getDeadline()),
      peer: call.getPeer(),
    };
    this.#requests.push(received);
    trim(this.#requests, this.#options.retain);
    return received;
  }

  async #answer(received: ReceivedGrpcRequest, callback: sendUnaryData<Buffer>): Promise<void> {
    let reply: GrpcReply;
    try {
      reply =
        received.decodeError === undefined
          ? await this.respond(received)
          : { kind: 'status', code: status.INVALID_ARGUMENT, details: 'request did not decode' };
    } catch (error) {
      reply = { kind: 'status', code: status.INTERNAL, details: `respond hook failed: ${String(error)}` };
    }
    if (reply.kind === 'hang') return;
    if (reply.delayMs !== undefined && !(await this.#sleep(reply.delayMs))) return;
    if (this.#closed) return;
    if (reply.kind === 'ok') {
      this.#delivered.push(received);
      trim(this.#delivered, this.#options.retain);
      try {
        this.#options.onAccepted?.(received.signal, received.request, received.metadata);
      } catch {
        // A failing observer must not fail the export.
      }
      callback(null, okResponse(received.signal, reply));
      return;
    }
    callback({ code: reply.code, details: reply.details ?? '', metadata: statusTrailers(reply) });
  }

  /** Resolves `true` after `ms`, or never when the receiver closes first. */
  #sleep(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        resolve(true);
      }, ms);
      this.#timers.add(timer);
    });
  }
}

/**
 * Starts an OTLP/gRPC receiver (grpc-js server with the three OTLP `Export` services) on
 * `127.0.0.1` and an ephemeral port. It decodes every request with the official OTLP protos
 * and answers as `respond` decides: OK, a partial success, a status with a RetryInfo delay, late,
 * or never.
 *
 * @example
 * ```ts
 * await using receiver = await startGrpcReceiver();
 * receiver.respond = () => grpcReply.status(8, 'slow down', { retryDelayMs: 200 });
 * // point a client at receiver.address, export, then:
 * expect(receiver.spans()).toHaveLength(1);
 * ```
 */
export const startGrpcReceiver = async (options: GrpcReceiverOptions = {}): Promise<GrpcReceiver> => {
  const { tls, host = '127.0.0.1', port = 0 } = options;
  const server = new Server();
  const receiver = new Receiver(server, options);
  const credentials =
    tls === undefined
      ? ServerCredentials.createInsecure()
      : ServerCredentials.createSsl(
          tls.ca === undefined ? null : bytesOf(tls.ca),
          [{ private_key: bytesOf(tls.key), cert_chain: bytesOf(tls.cert) }],
          tls.requireClientCert ?? false,
        );
  const target = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  const bound = await new Promise<number>((resolve, reject) => {
    server.bindAsync(target, credentials, (error, boundPort) => (error ? reject(error) : resolve(boundPort)));
  });
  receiver.listening(host, bound);
  return receiver;
};
