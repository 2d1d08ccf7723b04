import { Protocol } from './protocol.js';

/** A collector address, split into its parts. */
export interface Endpoint {
  /** `http`/`https` when the endpoint was given as a URL (HTTP only). */
  readonly scheme?: 'http' | 'https';
  readonly host: string;
  readonly port: number;
  /** Path prefix of a URL endpoint without trailing slash, `''` if none. */
  readonly basePath: string;
}

export type EndpointParseResult =
  { readonly ok: true; readonly endpoint: Endpoint } | { readonly ok: false; readonly reason: string };

const HOST_PORT = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?):(\d{1,5})$/;
const HAS_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;

const fail = (reason: string): EndpointParseResult => ({ ok: false, reason });

const validPort = (port: number): boolean => Number.isInteger(port) && port >= 1 && port <= 65535;

const parseUrl = (value: string): EndpointParseResult => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail('endpoint is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return fail('endpoint URL must start with http:// or https://');
  }
  if (url.username !== '' || url.password !== '') {
    return fail('endpoint must not contain credentials; use the API key settings');
  }
  if (url.search !== '' || url.hash !== '') {
    return fail('endpoint URL must not have a query or fragment');
  }
  const scheme = url.protocol === 'https:' ? 'https' : 'http';
  const port = url.port === '' ? (scheme === 'https' ? 443 : 80) : Number(url.port);
  return {
    ok: true,
    endpoint: { scheme, host: url.hostname, port, basePath: url.pathname.replace(/\/+$/, '') },
  };
};

/**
 * Parses a collector endpoint: `host:port` for both protocols (e.g. `localhost:4317`,
 * `[::1]:4317`), or an `http(s)://` URL with an optional path prefix for HTTP.
 */
export const parseEndpoint = (value: string, protocol: Protocol): EndpointParseResult => {
  if (value.trim() === '') return fail('endpoint is required');
  if (HAS_SCHEME.test(value)) {
    if (protocol === Protocol.GRPC) {
      return fail('endpoint must be host:port for gRPC (e.g. localhost:4317), not a URL');
    }
    return parseUrl(value);
  }
  const match = HOST_PORT.exec(value);
  if (match === null) {
    return fail(
      protocol === Protocol.HTTP
        ? 'endpoint must be host:port (e.g. localhost:4318) or an http(s):// URL'
        : 'endpoint must be host:port (e.g. localhost:4317)',
    );
  }
  const port = Number(match[2]);
  if (!validPort(port)) return fail('endpoint port must be between 1 and 65535');
  return { ok: true, endpoint: { host: match[1] as string, port, basePath: '' } };
};
