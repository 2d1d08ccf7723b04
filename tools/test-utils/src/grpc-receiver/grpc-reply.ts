import type { ReceivedGrpcRequest } from './received-request.js';

/** How the receiver answers one call. */
export type GrpcReply =
  | {
      readonly kind: 'ok';
      /** Items to report as rejected in a partial success. */
      readonly rejected?: number;
      /** The partial success `error_message`. */
      readonly message?: string;
      /** Wait this long before answering. */
      readonly delayMs?: number;
    }
  | {
      readonly kind: 'status';
      /** A non-OK gRPC status code. */
      readonly code: number;
      readonly details?: string;
      /** Sends a `google.rpc.RetryInfo` with this delay in `grpc-status-details-bin`. */
      readonly retryDelayMs?: number;
      /** Raw `grpc-status-details-bin` bytes, instead of the ones built from `retryDelayMs`. */
      readonly statusDetails?: Uint8Array;
      readonly delayMs?: number;
    }
  | {
      /** Never answer (until the client's deadline or `close()`). */
      readonly kind: 'hang';
    };

/** Decides the reply to each call; may be async. */
export type GrpcResponder = (request: ReceivedGrpcRequest) => GrpcReply | Promise<GrpcReply>;

/** Shorthands for {@link GrpcReply} values. */
export const grpcReply = Object.freeze({
  ok: (delayMs?: number): GrpcReply => ({ kind: 'ok', ...(delayMs === undefined ? {} : { delayMs }) }),
  partialSuccess: (rejected: number, message?: string): GrpcReply => ({
    kind: 'ok',
    rejected,
    ...(message === undefined ? {} : { message }),
  }),
  status: (
    code: number,
    details?: string,
    options: { readonly retryDelayMs?: number; readonly delayMs?: number } = {},
  ): GrpcReply => ({ kind: 'status', code, ...(details === undefined ? {} : { details }), ...options }),
  hang: (): GrpcReply => ({ kind: 'hang' }),
});
