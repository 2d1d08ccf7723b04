import { errorTypeOf } from './http-semconv.js';

/** How a request ended, as the framework adapter saw it. */
export interface ResponseOutcome {
  /** The status sent, `undefined` when the connection closed before a response started. */
  readonly statusCode: number | undefined;
  /** The route template, `undefined` when no route matched. */
  readonly route: string | undefined;
  /** `true` when the connection closed before the response was complete. */
  readonly aborted: boolean;
}

/** An error the framework's error handling saw, and whether the response had started by then. */
export interface RequestFailure {
  readonly error: unknown;
  /** The status line was already sent: the response the client got cannot show the error. */
  readonly afterHeaders: boolean;
}

/** `error.type` of a request whose client went away before the response was complete. */
export const ABORTED_ERROR_TYPE = 'aborted';

/** How to end a server span, and the request's `error.type`. */
export interface SpanVerdict {
  /** End with the error: status ERROR with the error's message, plus an `exception` event. */
  readonly endWithError: boolean;
  /** Otherwise, the status to set. */
  readonly status: 'unset' | 'error';
  /** Only where no status code says it (an aborted request). */
  readonly message?: string;
  /** Record the error as an `exception` event while keeping `status` (an error answered below 500). */
  readonly exceptionEvent: boolean;
  /** `error.type` for the span and the duration metric; `undefined` when the request did not fail. */
  readonly errorType: string | undefined;
}

const hasError = (failure: RequestFailure | undefined): failure is RequestFailure =>
  failure !== undefined && failure.error !== undefined && failure.error !== null;

/**
 * The server-span rules of the stable HTTP semantic conventions (HTTP spans, "Status"; `error.type`):
 * ERROR for 5xx, for aborted requests and for an error raised after the response had started (the
 * status code then hides it); UNSET otherwise, 4xx included (the client's fault), since the
 * conventions leave OK to the application. No status description where the status code says it.
 * `error.type` is the thrown error's type when there is one, else the 5xx status code as a string,
 * else `aborted`.
 */
export const spanVerdict = (outcome: ResponseOutcome, failure: RequestFailure | undefined): SpanVerdict => {
  const failed = hasError(failure);
  const thrownType = failed ? errorTypeOf(failure.error) : undefined;
  const code = outcome.statusCode;
  if (outcome.aborted || code === undefined) {
    return {
      endWithError: failed,
      status: 'error',
      message: 'Request aborted',
      exceptionEvent: false,
      errorType: thrownType ?? ABORTED_ERROR_TYPE,
    };
  }
  if (code >= 500) {
    return {
      endWithError: failed,
      status: 'error',
      exceptionEvent: false,
      errorType: thrownType ?? String(code),
    };
  }
  if (failed && failure.afterHeaders && code < 400) {
    return { endWithError: true, status: 'error', exceptionEvent: false, errorType: thrownType };
  }
  return { endWithError: false, status: 'unset', exceptionEvent: failed, errorType: undefined };
};
