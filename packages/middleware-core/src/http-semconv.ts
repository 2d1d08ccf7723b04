import type { IncomingHttpHeaders } from 'node:http';
import type { Attributes } from '@telemetryflow/client';

/** Metric names: the duration histogram of the HTTP semantic conventions, the reference's counters. */
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
  /** `'1.1'`, `'2'`, … (`req.httpVersion`). */
  readonly httpVersion: string | undefined;
}

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

/** The stable HTTP server attributes known when a request starts. */
export const requestAttributes = (request: HttpRequestInfo): Record<string, string | number> => {
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
  if (request.httpVersion) attributes['network.protocol.version'] = request.httpVersion;
  return attributes;
};

/** The attributes OpenTelemetry puts on an `exception` event. */
export const exceptionAttributes = (error: unknown): Attributes => {
  if (error instanceof Error) {
    const attributes = { 'exception.type': error.name, 'exception.message': error.message };
    return error.stack === undefined ? attributes : { ...attributes, 'exception.stacktrace': error.stack };
  }
  return { 'exception.type': typeof error, 'exception.message': String(error) };
};
