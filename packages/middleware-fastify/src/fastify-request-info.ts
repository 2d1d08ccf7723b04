import type { TLSSocket } from 'node:tls';
import type { ResponseOutcome } from '@telemetryflow/middleware-core';
import type { FastifyReplyLike, FastifyRequestLike } from './fastify-types.js';

/** The route template: `routeOptions.url` (Fastify ≥ 4.10), else `routerPath`; `undefined` for 404s. */
export const routeOf = (request: FastifyRequestLike): string | undefined => {
  const options = request.routeOptions;
  // Read routerPath only where routeOptions does not exist: Fastify 4 warns when it is read.
  const route = options === undefined ? request.routerPath : options.url;
  return route === '' ? undefined : route;
};

export const schemeOf = (request: FastifyRequestLike): string =>
  request.protocol ?? ((request.raw.socket as Partial<TLSSocket> | undefined)?.encrypted ? 'https' : 'http');

/** How the request ended. */
export const outcomeOf = (
  request: FastifyRequestLike,
  reply: FastifyReplyLike,
  aborted: boolean,
): ResponseOutcome => ({
  statusCode: reply.raw.headersSent ? reply.statusCode : undefined,
  route: routeOf(request),
  aborted,
});
