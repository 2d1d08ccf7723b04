/** How a request ended, as the framework adapter saw it. */
export interface ResponseOutcome {
  /** The status sent, `undefined` when the connection closed before a response started. */
  readonly statusCode: number | undefined;
  /** The route template, `undefined` when no route matched. */
  readonly route: string | undefined;
  /** `true` when the connection closed before the response was complete. */
  readonly aborted: boolean;
}

/** How to end a server span. */
export interface SpanVerdict {
  /** End with the error: status ERROR with the error's message, plus an `exception` event. */
  readonly endWithError: boolean;
  /** Otherwise, the status to set (`'ok'` means: let `endSpan` set OK). */
  readonly status: 'ok' | 'unset' | 'error';
  readonly message?: string;
  /** Record the error as an `exception` event while keeping `status` (an error answered below 500). */
  readonly exceptionEvent: boolean;
}

/**
 * The server-span status rule of the HTTP semantic conventions: ERROR for 5xx, for errors that
 * produced one and for aborted requests; 4xx stays UNSET (the client's fault, not the server's);
 * other responses are OK, as `endSpan` sets by default.
 */
export const spanVerdict = (outcome: ResponseOutcome, error: unknown): SpanVerdict => {
  const failed = error !== undefined && error !== null;
  const code = outcome.statusCode;
  if (outcome.aborted || code === undefined) {
    return { endWithError: failed, status: 'error', message: 'Request aborted', exceptionEvent: false };
  }
  if (code >= 500) {
    return { endWithError: failed, status: 'error', message: `HTTP ${code}`, exceptionEvent: false };
  }
  const status = code >= 400 || failed ? 'unset' : 'ok';
  return { endWithError: false, status, exceptionEvent: failed };
};
