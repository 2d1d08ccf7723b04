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
 * Statuses a wrong path gets (no route, or a route for other methods): their reason names the URL
 * tried, since a doubled `/v1/traces` or a missing prefix is what usually causes them.
 */
const WRONG_PATH_STATUSES: ReadonlySet<number> = new Set([404, 405]);

const wrongPathReason = (reason: string, url: string): string =>
  `${reason} (POST ${url}: no OTLP/HTTP receiver at this path; check the endpoint and signal path, ` +
  'e.g. an endpoint that already ends in /v1/{signal} gets the signal path appended again)';

/**
 * The outcome of a response, per the OTLP/HTTP specification: 2xx success (with the partial
 * success it carries), 429/502/503/504 retryable after `Retry-After`, anything else failed; the
 * reason of a 404 or 405 names `url`, the URL that was tried.
 * `redact` removes secrets from what the collector said, before it is cut to an excerpt.
 */
export const responseOutcome = (
  signal: SignalType,
  response: HttpResponse,
  now: number = Date.now(),
  redact?: Redact,
  url?: string,
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
  const reason = statusReason(response, redact);
  if (url !== undefined && WRONG_PATH_STATUSES.has(status)) {
    return { status: 'failed', reason: wrongPathReason(reason, url) };
  }
  return { status: 'failed', reason };
};
