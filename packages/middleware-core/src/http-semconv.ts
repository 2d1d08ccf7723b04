import type { IncomingHttpHeaders } from 'node:http';
import { exceptionAttributes, exceptionTypeOf } from '@telemetryflow/client';

/** Metric names: the duration histogram of the HTTP semantic conventions, the TelemetryFlow Python SDK's counters. */
export const METRIC_REQUEST_DURATION = 'http.server.request.duration';
export const METRIC_REQUESTS_TOTAL = 'http.requests.total';
export const METRIC_ERRORS_TOTAL = 'http.errors.total';

/** What a framework adapter reads from a request when it starts. */
export interface HttpRequestInfo {
  /** The method as received (`req.method`). */
  readonly method: string | undefined;
  /** The path, without the query string. */
  readonly path: string;
  /** `http` or `https` (as the framework sees it, e.g. behind a trusted proxy). */
  readonly scheme: string;
  readonly headers: IncomingHttpHeaders;
  /** `req.httpVersion`: `'1.1'`, `'2.0'`, … (reported as `network.protocol.version` `1.1`, `2`). */
  readonly httpVersion: string | undefined;
  /** The query string without its `?`, `undefined` when the target has none. */
  readonly query?: string | undefined;
  /** `client.address`: the client as the framework sees it (honouring its trusted-proxy setting). */
  readonly clientAddress?: string | undefined;
  /** `network.peer.address` / `.port`: the other end of the connection (a proxy, if any). */
  readonly peerAddress?: string | undefined;
  readonly peerPort?: number | undefined;
}

/**
 * Query parameters whose values the HTTP semantic conventions redact from `url.query` by default
 * (URL attributes, "Sensitive information"): signed-URL credentials.
 */
export const DEFAULT_SENSITIVE_QUERY_PARAMETERS: readonly string[] = [
  'AWSAccessKeyId',
  'Signature',
  'sig',
  'X-Goog-Signature',
];

/** What a redacted value becomes, as in the conventions. */
export const REDACTED = 'REDACTED';

/**
 * A function redacting `url.query`: the values of `sensitive` parameters (compared case-insensitively,
 * after percent-decoding the name) become `REDACTED`; the rest of the query is kept as received.
 */
export const createQueryRedactor = (sensitive: Iterable<string>): ((query: string) => string) => {
  const names = new Set([...sensitive].map((name) => name.toLowerCase()));
  const nameOf = (pair: string): string => {
    const raw = pair.split('=', 1)[0] ?? '';
    try {
      return decodeURIComponent(raw.replace(/\+/g, ' ')).toLowerCase();
    } catch {
      return raw.toLowerCase();
    }
  };
  return (query) =>
    query
      .split('&')
      .map((pair) =>
        pair.includes('=') && names.has(nameOf(pair)) ? `${pair.split('=', 1)[0]}=${REDACTED}` : pair,
      )
      .join('&');
};

/** `network.protocol.version` as the conventions write it: `1.1`, `2`, `3` (Node says `2.0`). */
export const protocolVersionOf = (httpVersion: string | undefined): string | undefined => {
  if (!httpVersion) return undefined;
  return httpVersion.endsWith('.0') && httpVersion !== '1.0' ? httpVersion.slice(0, -2) : httpVersion;
};

const KNOWN_METHODS: ReadonlySet<string> = new Set([
  'CONNECT',
  'DELETE',
  'GET',
  'HEAD',
  'OPTIONS',
  'PATCH',
  'POST',
  'PUT',
  'TRACE',
]);

/** The `http.request.method` value: a standard method upper-cased, anything else `_OTHER`. */
export const normalizeMethod = (method: string | undefined): string => {
  const upper = (method ?? '').toUpperCase();
  return KNOWN_METHODS.has(upper) ? upper : '_OTHER';
};

const firstHeader = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? value[0] : value;

/** `server.address` and `server.port` from a `Host` (or HTTP/2 `:authority`) header. */
export const parseHost = (host: string | undefined): { address?: string; port?: number } => {
  if (host === undefined || host === '') return {};
  const ipv6 = /^\[([^\]]*)\](?::(\d+))?$/.exec(host);
  const match = ipv6 ?? /^([^:]*)(?::(\d+))?$/.exec(host);
  if (match === null) return { address: host };
  const [, address, port] = match;
  return port === undefined ? { address } : { address, port: Number(port) };
};

const asReceived = (query: string): string => query;

/**
 * The stable HTTP server attributes known when a request starts; `url.query` goes through
 * `redactQuery` (default: as received).
 */
export const requestAttributes = (
  request: HttpRequestInfo,
  redactQuery: (query: string) => string = asReceived,
): Record<string, string | number> => {
  const method = normalizeMethod(request.method);
  const attributes: Record<string, string | number> = {
    'http.request.method': method,
    'url.path': request.path,
    'url.scheme': request.scheme,
  };
  if (method === '_OTHER' && request.method) attributes['http.request.method_original'] = request.method;
  const { address, port } = parseHost(
    firstHeader(request.headers.host) ?? firstHeader(request.headers[':authority']),
  );
  if (address !== undefined) attributes['server.address'] = address;
  if (port !== undefined) attributes['server.port'] = port;
  const userAgent = firstHeader(request.headers['user-agent']);
  if (userAgent !== undefined) attributes['user_agent.original'] = userAgent;
  const version = protocolVersionOf(request.httpVersion);
  if (version !== undefined) attributes['network.protocol.version'] = version;
  if (request.query) attributes['url.query'] = redactQuery(request.query);
  if (request.clientAddress) attributes['client.address'] = request.clientAddress;
  if (request.peerAddress) attributes['network.peer.address'] = request.peerAddress;
  if (request.peerPort !== undefined) attributes['network.peer.port'] = request.peerPort;
  return attributes;
};

/**
 * `error.type` for a thrown value: its exception type (`exceptionTypeOf` from the client: the
 * error's `name` when it is specific, `TypeError`, `AbortError`, else its class name, a
 * `class ValidationError extends Error` that keeps the name `Error`); `_OTHER`, the conventions'
 * fallback, for values that are not errors. Never throws (a hostile proxy is `_OTHER`).
 */
export const errorTypeOf = (error: unknown): string => {
  try {
    return error instanceof Error ? exceptionTypeOf(error) : '_OTHER';
  } catch {
    return '_OTHER';
  }
};

/**
 * The attributes of an `exception` event: the client's own (`exception.type` the class,
 * `exception.message`, `exception.stacktrace`, an error's `code` as `error.type`, `NonErrorThrown`
 * for a thrown value that is not an `Error`), so that a request's exception reads the same as one
 * recorded by `span()` or `logError(message, attributes, error)`.
 */
export { exceptionAttributes };
