import { Metadata } from '@grpc/grpc-js';
import type { SignalType } from '@telemetryflow/domain';
import { encodeResponse } from '../otlp-decoder.js';
import type { GrpcReply } from './grpc-reply.js';
import { encodeStatusDetails } from './status-details.js';

const REJECTED_FIELD: Readonly<Record<SignalType, string>> = {
  traces: 'rejectedSpans',
  metrics: 'rejectedDataPoints',
  logs: 'rejectedLogRecords',
};

const toBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** The `Export*ServiceResponse` of an OK reply: empty, or a partial success. */
export const okResponse = (signal: SignalType, reply: Extract<GrpcReply, { kind: 'ok' }>): Buffer =>
  reply.rejected === undefined && reply.message === undefined
    ? Buffer.alloc(0)
    : toBuffer(
        encodeResponse(signal, {
          partialSuccess: {
            [REJECTED_FIELD[signal]]: reply.rejected ?? 0,
            errorMessage: reply.message ?? '',
          },
        }),
      );

/** Trailers of a status reply: `grpc-status-details-bin` when it has details or a RetryInfo. */
export const statusTrailers = (reply: Extract<GrpcReply, { kind: 'status' }>): Metadata => {
  const trailers = new Metadata();
  const details =
    reply.statusDetails ??
    (reply.retryDelayMs === undefined
      ? undefined
      : encodeStatusDetails({
          code: reply.code,
          message: reply.details ?? '',
          retryDelayMs: reply.retryDelayMs,
        }));
  if (details !== undefined) trailers.set('grpc-status-details-bin', toBuffer(details));
  return trailers;
};

/** Call metadata as a plain record: several values joined with `, `, binary values in base64. */
export const plainMetadata = (metadata: Metadata): Record<string, string> =>
  Object.fromEntries(
    Object.entries(metadata.toJSON()).map(([key, values]) => [
      key,
      values.map((v) => (typeof v === 'string' ? v : v.toString('base64'))).join(', '),
    ]),
  );
