import type * as Grpc from '@grpc/grpc-js';
import { MAX_TIMER_MS } from '@telemetryflow/domain';
import type { ExportOutcome, ExportSendOptions, ExportTransport, SignalType } from '@telemetryflow/domain';
import { EXPORT_METHODS } from './export-methods.js';
import { GrpcStatus } from './grpc-status.js';
import type { ResponseReader } from './partial-success.js';
import { retryDelayFromStatusDetails } from './retry-info.js';
import { outcomeOfStatus } from './status-outcome.js';

/**
 * What the calls of one signal go over: a channel (shared with the signals that have the same
 * target, TLS mode and compression) and the signal's own metadata.
 */
export interface GrpcRoute {
  readonly client: Grpc.Client;
  /** Sent with every call of the signal (cloned per call). */
  readonly metadata: Grpc.Metadata;
  /** The channel uses TLS: an UNAVAILABLE caused by the TLS handshake fails at once. */
  readonly tls: boolean;
  /** The channel's target (`host:port`), named in the reason of an UNIMPLEMENTED answer. */
  readonly target?: string;
}

/** What a {@link GrpcTransport} is made of; built by `createGrpcTransport`. */
export interface GrpcTransportParts {
  /**
   * The route of a signal: called at the signal's first `send()`, so grpc-js loads and channels
   * open only when there is data. Closed by `shutdown()`.
   */
  readonly connect: (signal: SignalType) => GrpcRoute;
  /**
   * Resolves when what `connect` and `readResponse` need is loaded (grpc-js, at the first
   * `send()`); a rejection fails that `send()`. None: nothing to wait for.
   */
  readonly ready?: () => Promise<void>;
  readonly readResponse: ResponseReader;
  /** Removes the API key secret and custom header values from text from the server or grpc-js. */
  readonly redact: (text: string) => string;
  /** `grpc.max_send_message_length`, in bytes: larger messages fail locally with RESOURCE_EXHAUSTED. */
  readonly maxSendMessageSize: number;
}

const SHUT_DOWN: ExportOutcome = Object.freeze({
  status: 'failed',
  reason: 'CANCELLED: the gRPC transport is shut down',
});

const STATUS_DETAILS = 'grpc-status-details-bin';

/** Bytes go out as they are: the body already is an encoded OTLP request. */
const passthrough = (bytes: Buffer): Buffer => bytes;

const toBuffer = (body: Uint8Array): Buffer =>
  Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);

/** How long a call may take: `undefined` for no limit (a non-finite or negative `timeoutMs`). */
const timeoutOf = (timeoutMs: number): number | undefined =>
  Number.isFinite(timeoutMs) && timeoutMs >= 0 ? Math.min(timeoutMs, MAX_TIMER_MS) : undefined;

const TIMEOUT_UNITS: readonly (readonly [string, number])[] = [
  ['m', 1],
  ['S', 1_000],
  ['M', 60_000],
  ['H', 3_600_000],
];

/** `grpc-timeout` (gRPC over HTTP/2, "Requests"): at most 8 digits, in the finest unit that fits. */
export const grpcTimeoutOf = (timeoutMs: number): string => {
  for (const [unit, unitMs] of TIMEOUT_UNITS) {
    const value = Math.ceil(timeoutMs / unitMs);
    if (value < 100_000_000) return `${value}${unit}`;
  }
  return '99999999H';
};

/**
 * `ExportTransport` over grpc-js channels (one per distinct signal route, usually one for all):
 * one unary OTLP `Export` call per `send`, never retried here, answered with an outcome (never a
 * rejection).
 */
export class GrpcTransport implements ExportTransport {
  readonly #parts: GrpcTransportParts;
  readonly #calls = new Set<Grpc.ClientUnaryCall>();
  readonly #routes = new Map<SignalType, GrpcRoute>();
  #closed = false;

  constructor(parts: GrpcTransportParts) {
    this.#parts = parts;
  }

  /** The client's pipeline cuts batches into requests below grpc-js's send limit. */
  get maxRequestBytes(): number {
    return this.#parts.maxSendMessageSize;
  }

  async send(signal: SignalType, body: Uint8Array, { timeoutMs }: ExportSendOptions): Promise<ExportOutcome> {
    if (this.#closed) return SHUT_DOWN;
    try {
      await this.#parts.ready?.();
    } catch (error) {
      return this.#failed('could not load the gRPC modules', error);
    }
    if (this.#closed) return SHUT_DOWN;
    return new Promise<ExportOutcome>((resolve) => {
      try {
        this.#start(signal, toBuffer(body), timeoutOf(timeoutMs), resolve);
      } catch (error) {
        resolve(this.#failed('could not start the gRPC call', error));
      }
    });
  }

  #failed(what: string, error: unknown): ExportOutcome {
    const reason = `INTERNAL: ${what}: ${(error as Error)?.message ?? String(error)}`;
    return { status: 'failed', reason: this.#parts.redact(reason) };
  }

  /** Closes every channel; calls in flight end as `failed` (the SDK drains before this). */
  shutdown(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closed = true;
    for (const call of this.#calls) call.cancel();
    this.#calls.clear();
    for (const client of new Set([...this.#routes.values()].map((route) => route.client))) {
      try {
        client.close();
      } catch {
        // A broken channel: nothing left to release.
      }
    }
    return Promise.resolve();
  }

  /**
   * The deadline is this transport's own unref'd timer, not grpc-js's `deadline` option: grpc-js's
   * deadline timer holds the process open (see `unrefCredentials`). The collector still learns it
   * from the `grpc-timeout` header.
   */
  #start(
    signal: SignalType,
    body: Buffer,
    timeoutMs: number | undefined,
    resolve: (o: ExportOutcome) => void,
  ): void {
    const { client, metadata, tls } = this.#route(signal);
    const callMetadata = metadata.clone();
    if (timeoutMs !== undefined) callMetadata.set('grpc-timeout', grpcTimeoutOf(timeoutMs));
    let timedOut = false;
    const call: Grpc.ClientUnaryCall = client.makeUnaryRequest<Buffer, Buffer>(
      EXPORT_METHODS[signal],
      passthrough,
      passthrough,
      body,
      callMetadata,
      (error, response) => {
        clearTimeout(timer);
        this.#calls.delete(call);
        resolve(timedOut ? this.#timedOut(timeoutMs, tls) : this.#outcome(signal, tls, error, response));
      },
    );
    // grpc-js answers asynchronously, so `call` and `timer` exist when the callback runs.
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            call.cancel();
          }, timeoutMs).unref();
    this.#calls.add(call);
  }

  #route(signal: SignalType): GrpcRoute {
    let route = this.#routes.get(signal);
    if (route === undefined) {
      route = this.#parts.connect(signal);
      this.#routes.set(signal, route);
    }
    return route;
  }

  #timedOut(timeoutMs: number | undefined, tls: boolean): ExportOutcome {
    if (this.#closed) return SHUT_DOWN;
    return outcomeOfStatus({
      code: GrpcStatus.DEADLINE_EXCEEDED,
      details: `no answer within ${timeoutMs} ms`,
      tls,
    });
  }

  /**
   * UNIMPLEMENTED names what was called where: the server has no such method, because it takes no
   * OTLP for this signal (a traces-only backend) or is no OTLP/gRPC receiver (a wrong target, an
   * HTTP/2 server answering 404). Not retried, as every status the OTLP specification does not list.
   */
  #unimplemented(signal: SignalType, error: Grpc.ServiceError): ExportOutcome {
    const target = this.#routes.get(signal)?.target ?? 'the collector';
    const said = outcomeOfStatus({
      code: GrpcStatus.UNIMPLEMENTED,
      details: this.#parts.redact(error.details ?? ''),
    });
    const reason =
      `${said.status === 'success' ? 'UNIMPLEMENTED' : said.reason} ` +
      `(${EXPORT_METHODS[signal]} at ${target}: the server takes no OTLP ${signal}, or is not an OTLP/gRPC receiver)`;
    return { status: 'failed', reason: this.#parts.redact(reason) };
  }

  #outcome(
    signal: SignalType,
    tls: boolean,
    error: Grpc.ServiceError | null,
    response: Buffer | undefined,
  ): ExportOutcome {
    const { redact, readResponse } = this.#parts;
    try {
      if (error === null) {
        const outcome = readResponse(signal, response);
        return outcome.status === 'success' && outcome.message !== undefined
          ? { ...outcome, message: redact(outcome.message) }
          : outcome;
      }
      if (this.#closed) return SHUT_DOWN;
      const details: unknown = error.metadata?.get(STATUS_DETAILS)[0];
      if ((error.code as number) === GrpcStatus.UNIMPLEMENTED) return this.#unimplemented(signal, error);
      return outcomeOfStatus({
        code: typeof error.code === 'number' ? error.code : GrpcStatus.UNKNOWN,
        details: redact(error.details ?? error.message ?? ''),
        retryDelayMs: Buffer.isBuffer(details) ? retryDelayFromStatusDetails(details) : undefined,
        tls,
      });
    } catch {
      return { status: 'failed', reason: 'INTERNAL: could not read the gRPC answer' };
    }
  }
}
