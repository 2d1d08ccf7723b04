import { anyValue, logsOf, spansOf } from '@telemetryflow-internal/test-utils';
import type { DecodedRequest } from '@telemetryflow-internal/test-utils';
import { grpcReply, startGrpcReceiver } from '@telemetryflow-internal/test-utils/grpc-receiver';
import type { GrpcReceiver, GrpcReply } from '@telemetryflow-internal/test-utils/grpc-receiver';
import { startHttpReceiver } from '@telemetryflow-internal/test-utils/http-receiver';
import type { HttpReceiver, HttpReply } from '@telemetryflow-internal/test-utils/http-receiver';
import type { SignalType } from '@telemetryflow/domain';

export type Protocol = 'grpc' | 'http';

/** How a collector answers. */
export type Fault =
  | { readonly kind: 'healthy' }
  /** Accepts the request and never answers. */
  | { readonly kind: 'hang' }
  | { readonly kind: 'grpc-status'; readonly code: number; readonly retryDelayMs?: number }
  | { readonly kind: 'http-status'; readonly status: number; readonly retryAfter?: string };

export const HEALTHY: Fault = { kind: 'healthy' };

/** A loopback OTLP collector of either protocol whose answers a test can change at any time. */
export interface Collector {
  readonly protocol: Protocol;
  readonly port: number;
  /** `127.0.0.1:port`, for `withEndpoint()` (with `withInsecure()`). */
  readonly address: string;
  fault: Fault;
  /** Export requests received for `signal`, answered or not. */
  received(signal: SignalType): number;
  /** Names of the spans in requests answered with success, in arrival order. */
  readonly spanNames: readonly string[];
  /** Bodies of the log records in requests answered with success. */
  readonly logBodies: readonly string[];
  close(): Promise<void>;
}

/**
 * What a collector keeps: counts and item names only. The receivers run in the test's process,
 * so keeping every decoded request would show up in the memory figures of the client.
 */
class Tally {
  readonly spanNames: string[] = [];
  readonly logBodies: string[] = [];
  readonly #received: Record<SignalType, number> = { traces: 0, logs: 0, metrics: 0 };

  count(signal: SignalType | undefined): void {
    if (signal !== undefined) this.#received[signal]++;
  }

  received(signal: SignalType): number {
    return this.#received[signal];
  }

  accept = (signal: SignalType, request: DecodedRequest): void => {
    if (signal === 'traces') for (const s of spansOf(request)) this.spanNames.push(String(s.item['name']));
    if (signal === 'logs')
      for (const l of logsOf(request)) this.logBodies.push(String(anyValue(l.item['body'])));
  };
}

/** The receivers keep this many requests (for debugging a failure), not every one. */
const RETAIN = 10;

const grpcAnswer = (fault: Fault): GrpcReply => {
  if (fault.kind === 'hang') return grpcReply.hang();
  if (fault.kind === 'grpc-status') {
    const options = fault.retryDelayMs === undefined ? {} : { retryDelayMs: fault.retryDelayMs };
    return grpcReply.status(fault.code, 'injected fault', options);
  }
  return grpcReply.ok();
};

const httpAnswer = (fault: Fault): HttpReply | undefined => {
  if (fault.kind === 'hang') return { hang: true };
  if (fault.kind === 'http-status') {
    const headers = fault.retryAfter === undefined ? undefined : { 'retry-after': fault.retryAfter };
    return { status: fault.status, body: 'injected fault', ...(headers === undefined ? {} : { headers }) };
  }
  return undefined; // the receiver's normal OTLP answer
};

/** The part of either receiver a collector uses. */
interface Receiver {
  readonly port: number;
  readonly address: string;
  close(): Promise<void>;
}

/** Either protocol's collector: `answer` wires its receiver's respond hook to the current fault. */
class LoopbackCollector implements Collector {
  readonly protocol: Protocol;
  fault: Fault = HEALTHY;
  readonly #receiver: Receiver;
  readonly #tally: Tally;

  constructor(protocol: Protocol, receiver: Receiver, tally: Tally) {
    this.protocol = protocol;
    this.#receiver = receiver;
    this.#tally = tally;
  }

  get port(): number {
    return this.#receiver.port;
  }

  get address(): string {
    return this.#receiver.address;
  }

  received(signal: SignalType): number {
    return this.#tally.received(signal);
  }

  get spanNames(): readonly string[] {
    return this.#tally.spanNames;
  }

  get logBodies(): readonly string[] {
    return this.#tally.logBodies;
  }

  close(): Promise<void> {
    return this.#receiver.close();
  }
}

/** Starts a loopback collector on `port` (0: an ephemeral one) that answers as its `fault` says. */
export const startCollector = async (protocol: Protocol, port = 0): Promise<Collector> => {
  const tally = new Tally();
  const options = { port, retain: RETAIN, onAccepted: tally.accept };
  if (protocol === 'grpc') {
    const receiver: GrpcReceiver = await startGrpcReceiver(options);
    const collector = new LoopbackCollector(protocol, receiver, tally);
    receiver.respond = (request) => {
      tally.count(request.signal);
      return grpcAnswer(collector.fault);
    };
    return collector;
  }
  const receiver: HttpReceiver = await startHttpReceiver(options);
  const collector = new LoopbackCollector(protocol, receiver, tally);
  receiver.respond = (request) => {
    tally.count(request.signal);
    return httpAnswer(collector.fault);
  };
  return collector;
};
