import type { Context } from 'hono';
import { pathOf, queryOf } from '@telemetryflow/middleware-core';
import type { HttpRequestInfo } from '@telemetryflow/middleware-core';
import type { NodeBindingsLike } from './hono-types.js';

/** @hono/node-server's bindings in `c.env`; `undefined` on other runtimes and in `app.request()`. */
export const nodeBindingsOf = (env: unknown): NodeBindingsLike | undefined => {
  const { incoming, outgoing } = (env ?? {}) as Partial<NodeBindingsLike>;
  const found = typeof incoming?.headers === 'object' && typeof outgoing?.once === 'function';
  return found ? (env as NodeBindingsLike) : undefined;
};

/** The parts of an absolute URL such as `c.req.url` the telemetry reads. */
export interface UrlParts {
  readonly scheme: string;
  /** `host[:port]`, as the runtime took it from the `Host` header. */
  readonly authority: string;
  /** The request target: `/path?query`. */
  readonly target: string;
}

export const urlPartsOf = (url: string): UrlParts => {
  const colon = url.indexOf('://');
  const start = colon === -1 ? 0 : colon + 3;
  const slash = url.indexOf('/', start);
  return {
    scheme: colon > 0 ? url.slice(0, colon).toLowerCase() : 'http',
    authority: url.slice(start, slash === -1 ? undefined : slash),
    target: slash === -1 ? '/' : url.slice(slash),
  };
};

/**
 * What a request is when it starts: from the URL Hono routes, and from Node's request when there is
 * one. Hono has no trusted-proxy setting: the scheme and the client are the connection's.
 */
export const requestInfoOf = (
  c: Context,
  bindings: NodeBindingsLike | undefined,
  { scheme, authority, target }: UrlParts,
): HttpRequestInfo => {
  const incoming = bindings?.incoming;
  const peer = incoming?.socket ?? undefined;
  return {
    method: c.req.method,
    path: pathOf(target),
    query: queryOf(target),
    scheme,
    // A Web `Request` has no `Host` header: its URL carries the authority instead.
    headers: incoming?.headers ?? { host: authority, ...Object.fromEntries(c.req.raw.headers) },
    httpVersion: incoming?.httpVersion,
    clientAddress: peer?.remoteAddress,
    peerAddress: peer?.remoteAddress,
    peerPort: peer?.remotePort,
  };
};
