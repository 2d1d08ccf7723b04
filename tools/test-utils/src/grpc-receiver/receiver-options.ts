import type { SignalType } from '@telemetryflow/domain';
import type { DecodedRequest } from '../otlp-decoder.js';
import type { Flattened } from '../otlp-views.js';
import type { GrpcResponder } from './grpc-reply.js';
import type { ReceivedGrpcRequest } from './received-request.js';

type Items = Flattened<Record<string, unknown>>[];

/** A PEM certificate or key. */
export type Pem = string | Buffer;

export interface GrpcReceiverTls {
  readonly key: Pem;
  readonly cert: Pem;
  /** CA that client certificates are verified against. */
  readonly ca?: Pem;
  /** Refuse clients without a certificate signed by `ca` (mutual TLS). */
  readonly requireClientCert?: boolean;
}

export interface GrpcReceiverOptions {
  /** Serve TLS with this key and certificate; plaintext when absent. */
  readonly tls?: GrpcReceiverTls;
  /** Default `127.0.0.1`. */
  readonly host?: string;
  /** Default 0: an ephemeral port. */
  readonly port?: number;
  /** Keep only the last `retain` calls in `requests` (default: all; a long-running collector bounds it). */
  readonly retain?: number;
  /** Called with each call answered OK, as it is answered. Exceptions are ignored. */
  readonly onAccepted?: (
    signal: SignalType,
    request: DecodedRequest,
    metadata: Readonly<Record<string, string>>,
  ) => void;
}

/** A running OTLP/gRPC receiver. */
export interface GrpcReceiver {
  /** `host:port` to give a client as its endpoint. */
  readonly address: string;
  readonly port: number;
  /** Every call received, in order (answered or not). */
  readonly requests: readonly ReceivedGrpcRequest[];
  /** Decides each reply; default: OK. Settable at any time. */
  respond: GrpcResponder;
  /** The calls of one signal. */
  requestsOf(signal: SignalType): ReceivedGrpcRequest[];
  /** Spans of the trace calls answered OK (retried duplicates that failed are not counted). */
  spans(): Items;
  /** Log records of the log calls answered OK. */
  logs(): Items;
  /** Metrics of the metrics calls answered OK. */
  metrics(): Items;
  /** Stops at once: open calls are cancelled, pending replies dropped. Never hangs. */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}
