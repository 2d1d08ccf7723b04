import type { Attributes, TelemetryFlowClient } from '@telemetryflow/client';
import { DEFAULT_SENSITIVE_QUERY_PARAMETERS, createQueryRedactor } from './http-semconv.js';

/** The part of `TelemetryFlowClient` the middleware uses. */
export type MiddlewareClient = Pick<
  TelemetryFlowClient,
  | 'isInitialized'
  | 'withTraceContext'
  | 'span'
  | 'setSpanAttributes'
  | 'updateSpanName'
  | 'setSpanStatus'
  | 'addSpanEvent'
  | 'incrementCounter'
  | 'recordHistogram'
  | 'logError'
>;

/** What `spanNameFormatter` is given when the request ends, once the route is known. */
export interface SpanNameInfo {
  /** `http.request.method`: the method upper-cased, `_OTHER` for non-standard methods. */
  readonly method: string;
  /** The route template (`/users/:id`), `undefined` when no route matched. */
  readonly route: string | undefined;
  /** The request path without the query string (not bounded: keep it out of span names). */
  readonly path: string;
}

/** Options shared by the Express middleware and the Fastify plugin. */
export interface HttpTelemetryOptions<Request> {
  /** Record the `http.server.request.duration` histogram (seconds). Default `true`. */
  readonly recordRequestDuration?: boolean;
  /** Count requests in `http.requests.total`. Default `true`. */
  readonly recordRequestCount?: boolean;
  /** Count status ≥ 400 in `http.errors.total`, and log an error for 5xx. Default `true`. */
  readonly recordErrorCount?: boolean;
  /** Paths passed through without telemetry: exact, or a prefix when ending in `*`. Default none. */
  readonly excludedPaths?: readonly string[];
  /** The server span's name; default `METHOD /route/:template`, or `METHOD` when no route matched. */
  readonly spanNameFormatter?: (info: SpanNameInfo) => string;
  /** Extra attributes for the server span, read when the request starts (not added to metrics). */
  readonly attributesFromRequest?: (request: Request) => Attributes | undefined;
  /**
   * Query parameters whose values are recorded as `REDACTED` in `url.query`, on top of the
   * conventions' defaults (`AWSAccessKeyId`, `Signature`, `sig`, `X-Goog-Signature`); names compare
   * case-insensitively. Default none.
   */
  readonly sensitiveQueryParameters?: readonly string[];
}

/** Resolved options, as the per-request code uses them. */
export interface TelemetrySettings {
  readonly recordRequestDuration: boolean;
  readonly recordRequestCount: boolean;
  readonly recordErrorCount: boolean;
  readonly spanNameFormatter: (info: SpanNameInfo) => string;
  /** Redacts `url.query` (see `sensitiveQueryParameters`). */
  readonly redactQuery: (query: string) => string;
}

/**
 * The default span name: `GET /users/:id`; just `GET` when no route matched (never the raw path,
 * which would make one span name per URL); `HTTP` for non-standard methods.
 */
export const defaultSpanName = ({ method, route }: SpanNameInfo): string => {
  const verb = method === '_OTHER' ? 'HTTP' : method;
  return route === undefined ? verb : `${verb} ${route}`;
};

/** The settings of the options an adapter was given, with their defaults. */
export const settingsOf = <Request>({
  recordRequestDuration = true,
  recordRequestCount = true,
  recordErrorCount = true,
  spanNameFormatter = defaultSpanName,
  sensitiveQueryParameters = [],
}: HttpTelemetryOptions<Request>): TelemetrySettings => ({
  recordRequestDuration,
  recordRequestCount,
  recordErrorCount,
  spanNameFormatter,
  redactQuery: createQueryRedactor([...DEFAULT_SENSITIVE_QUERY_PARAMETERS, ...sensitiveQueryParameters]),
});
