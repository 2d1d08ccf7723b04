import type { ExportOutcome, SignalType } from '@telemetryflow/domain';
import { describeBody } from './body-text.js';
import type { Redact } from './body-text.js';
import { readPartialSuccess } from './partial-success.js';
import type { HttpExchange } from './post-request.js';
import { parseRetryAfter } from './retry-after.js';

type HttpResponse = Extract<HttpExchange, { kind: 'response' }>;

/** Statuses the OTLP specification says to retry (with `Retry-After` when given). */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** The collector refused the credentials. */
export const isAuthStatus = (status: number): boolean => status === 401 || status === 403;

/** `HTTP 503: <what the body says>`, with `redact` applied before the body is cut short. */
export const statusReason = (response: HttpResponse, redact?: Redact): string => {
  const said = describeBody(response.body, response.headers, redact);
  return said === '' ? `HTTP ${response.status}` : `HTTP ${response.status}: ${said}`;
};

/**
 * The outcome of a response, per the OTLP/HTTP specification: 2xx success (with the partial
 * success it carries), 429/502/503/504 retryable after `Retry-After`, anything else failed.
 * `redact` removes secrets from what the collector said, before it is cut to an excerpt.
 */
export const responseOutcome = (
  signal: SignalType,
  response: HttpResponse,
  now: number = Date.now(),
  redact?: Redact,
): ExportOutcome => {
  const { status, headers, body, truncated } = response;
  if (status >= 200 && status < 300) {
    return { status: 'success', ...readPartialSuccess(signal, body, headers, truncated, redact) };
  }
  if (RETRYABLE_STATUSES.has(status)) {
    const retryAfterMs = parseRetryAfter(headers['retry-after'], now);
    return {
      status: 'retryable',
      reason: statusReason(response, redact),
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    };
  }
  return { status: 'failed', reason: statusReason(response, redact) };
};
