import type { SignalType } from '@telemetryflow/domain';
import type { DecodedRequest } from '../otlp-decoder.js';

/** One export call as the receiver got it. */
export interface ReceivedGrpcRequest {
  readonly signal: SignalType;
  /** 1-based position among every call this receiver got. */
  readonly index: number;
  /** The decoded `Export*ServiceRequest` (`{}` when it did not decode, see `decodeError`). */
  readonly request: DecodedRequest;
  readonly decodeError?: string;
  /**
   * Call metadata as grpc-js hands it to servers: keys lower-case, several values joined with
   * `, `, binary (`-bin`) values in base64. grpc-js removes the transport headers first
   * (`content-type`, `te`, `grpc-encoding`, `grpc-accept-encoding`, `grpc-timeout`), so whether
   * a call was compressed is not visible here; `user-agent` is kept.
   */
  readonly metadata: Readonly<Record<string, string>>;
  /** Size of the (decompressed) request message. */
  readonly bytes: number;
  /** `Date.now()` when the call arrived. */
  readonly receivedAt: number;
  /** What was left of the call's deadline (its `grpc-timeout`) when it arrived; `Infinity` without one. */
  readonly timeoutMs: number;
  /** The client's address, e.g. `ipv4:127.0.0.1:53122`. */
  readonly peer: string;
}
