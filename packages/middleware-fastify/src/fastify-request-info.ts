import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { ResponseOutcome } from '@telemetryflow/middleware-core';
import type { FastifyRequestLike } from './fastify-types.js';

/** The route template: `routeOptions.url` (Fastify ≥ 4.10), else `routerPath`; `undefined` for 404s. */
export const routeOf = (request: FastifyRequestLike): string | undefined => {
  const options = request.routeOptions;
  // Read routerPath only where routeOptions does not exist: Fastify 4 warns when it is read.
  const route = options === undefined ? request.routerPath : options.url;
  return route === '' ? undefined : route;
};

/** `https` when the connection is TLS, as far as Node's request tells. */
export const rawSchemeOf = (raw: IncomingMessage): string =>
  (raw.socket as Partial<TLSSocket> | undefined)?.encrypted ? 'https' : 'http';

export const schemeOf = (request: FastifyRequestLike): string => request.protocol ?? rawSchemeOf(request.raw);

/** How the request ended: the route when Fastify routed it (`request` seen), the raw status. */
export const outcomeOf = (
  request: FastifyRequestLike | undefined,
  response: ServerResponse,
  aborted: boolean,
): ResponseOutcome => ({
  statusCode: response.headersSent ? response.statusCode : undefined,
  route: request === undefined ? undefined : routeOf(request),
  aborted,
});
