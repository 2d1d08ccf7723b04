import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpTelemetryOptions } from '@telemetryflow/middleware-core';

/**
 * The request as the middleware reads it: Node's `IncomingMessage` plus what Express adds. Express's
 * own `Request` fits, so `@types/express` is not needed.
 */
export interface ExpressRequest extends IncomingMessage {
  readonly originalUrl?: string;
  readonly baseUrl?: string;
  /** The matched route; its `path` is the template (`/users/:id`). */
  readonly route?: unknown;
  /** `http` / `https`, honouring Express's `trust proxy`. */
  readonly protocol?: string;
  /** The client's address, honouring Express's `trust proxy`. */
  readonly ip?: string | undefined;
  /** The response, which Express links to its request. */
  readonly res?: { readonly headersSent: boolean } | undefined;
}

/** Express's `next`: call with an error to hand it to the error middleware. */
export type ExpressNext = (error?: unknown) => void;

/** A standard Express middleware. */
export type ExpressHandler = (req: ExpressRequest, res: ServerResponse, next: ExpressNext) => void;

/** An Express error middleware (four parameters, so Express calls it with errors). */
export type ExpressErrorHandler = (
  error: unknown,
  req: ExpressRequest,
  res: ServerResponse,
  next: ExpressNext,
) => void;

/** What `initApp` needs from an Express application. */
export interface ExpressAppLike {
  use(handler: ExpressHandler): unknown;
}

/** Options of `expressMiddleware` and `ExpressTelemetryMiddleware`. */
export type ExpressTelemetryOptions = HttpTelemetryOptions<ExpressRequest>;
