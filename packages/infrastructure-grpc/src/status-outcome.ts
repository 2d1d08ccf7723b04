import type { ExportOutcome } from '@telemetryflow/domain';
import { GrpcStatus, grpcStatusName } from './grpc-status.js';
import { tlsFailureOf } from './tls-failure.js';

/** Codes the OTLP specification lists as retryable (RESOURCE_EXHAUSTED only with RetryInfo). */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set<number>([
  GrpcStatus.CANCELLED,
  GrpcStatus.DEADLINE_EXCEEDED,
  GrpcStatus.ABORTED,
  GrpcStatus.OUT_OF_RANGE,
  GrpcStatus.UNAVAILABLE,
  GrpcStatus.DATA_LOSS,
]);

/** What a failed call ended with: its status, and the delay from a RetryInfo, if any. */
export interface GrpcFailure {
  readonly code: number;
  /** The status message (server's or grpc-js's), already free of secrets. */
  readonly details: string;
  readonly retryDelayMs?: number | undefined;
  /** The channel uses TLS: an UNAVAILABLE caused by the TLS handshake fails at once. */
  readonly tls?: boolean;
}

// grpc-js's "No connection established. Last error: <what>" for a port that is not an HTTP/2 one
// (an HTTP/1.1 server answers the connection preface with garbage), or that wants TLS.
const NOT_HTTP2 = /Last error: Protocol error/;
const NOT_HTTP2_HINT =
  'the collector does not speak HTTP/2 on this port: is it an OTLP/HTTP port? OTLP/gRPC is usually on 4317, OTLP/HTTP on 4318 (use the HTTP protocol there)';
const NO_CONNECTION = /Last error: Failed to connect/;
const PLAINTEXT_HINT = 'if the collector expects TLS on this port, drop insecure / withInsecure()';

/** What to check, for connection failures whose cause grpc-js does not name. */
const connectionHint = ({ code, details, tls }: GrpcFailure): string | undefined => {
  if (code !== GrpcStatus.UNAVAILABLE) return undefined;
  if (NOT_HTTP2.test(details)) return NOT_HTTP2_HINT;
  if (tls === false && NO_CONNECTION.test(details)) return PLAINTEXT_HINT;
  return undefined;
};

/** Reasons are one line and bounded, whatever the server put in its status message. */
const MAX_DETAILS_LENGTH = 300;

const reasonOf = ({ code, details }: GrpcFailure): string => {
  // grpc-js ends connection errors with an often empty "Resolution note:".
  const oneLine = details
    .replace(/\s+/g, ' ')
    .replace(/ ?Resolution note: ?$/, '')
    .trim();
  const bounded = oneLine.length > MAX_DETAILS_LENGTH ? `${oneLine.slice(0, MAX_DETAILS_LENGTH)}…` : oneLine;
  return bounded === '' ? grpcStatusName(code) : `${grpcStatusName(code)}: ${bounded}`;
};

/**
 * Maps a non-OK gRPC status to an export outcome, per the OTLP specification: CANCELLED,
 * DEADLINE_EXCEEDED, ABORTED, OUT_OF_RANGE, UNAVAILABLE and DATA_LOSS are retryable;
 * RESOURCE_EXHAUSTED is retryable only when the server sent a RetryInfo; everything else failed.
 * A RetryInfo delay becomes `retryAfterMs`. One exception: an UNAVAILABLE that grpc-js reports
 * for a TLS certificate or handshake problem fails at once, since retrying cannot fix it.
 */
export const outcomeOfStatus = (failure: GrpcFailure): ExportOutcome => {
  const { code, retryDelayMs } = failure;
  const tlsFailure =
    failure.tls === true && code === GrpcStatus.UNAVAILABLE ? tlsFailureOf(failure.details) : undefined;
  if (tlsFailure !== undefined) return { status: 'failed', reason: `${grpcStatusName(code)}: ${tlsFailure}` };
  const hint = connectionHint(failure);
  const reason = hint === undefined ? reasonOf(failure) : `${reasonOf(failure)}; ${hint}`;
  const retryable =
    RETRYABLE_STATUSES.has(code) || (code === GrpcStatus.RESOURCE_EXHAUSTED && retryDelayMs !== undefined);
  if (!retryable) return { status: 'failed', reason };
  return retryDelayMs === undefined
    ? { status: 'retryable', reason }
    : { status: 'retryable', retryAfterMs: retryDelayMs, reason };
};
