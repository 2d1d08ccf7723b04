import type { KoaContextLike, KoaLayerLike } from './koa-types.js';

const textOf = (path: unknown): string | undefined => {
  if (typeof path === 'string') return path;
  return path instanceof RegExp ? String(path) : undefined;
};

const isLayerList = (value: unknown): value is readonly KoaLayerLike[] => Array.isArray(value);

const isRoute = (layer: KoaLayerLike): boolean => Array.isArray(layer.methods) && layer.methods.length > 0;

/**
 * The route template @koa/router matched, `undefined` when no route did. It is `ctx._matchedRoute`:
 * the path of the route layer that ran, with the prefixes of the routers it is nested in
 * (`router.use('/orgs/:org', repos.routes())`, `new Router({ prefix })`) — nested routers are
 * flattened into their parent when mounted. The router also writes the path of each router
 * middleware (`router.use(auth)`) there as it runs it, so when one of those answered before the
 * route's handler (a 401), the route is the last one of `ctx.matched` for the request's method,
 * as the router chose it before running the chain. Regular-expression routes give their text.
 */
export const routeOf = (ctx: KoaContextLike): string | undefined => {
  const current = ctx._matchedRoute;
  if (current === undefined || current === null) return undefined;
  const layers: unknown = ctx.matched;
  // Another router, or an older @koa/router, without `ctx.matched`: take what it set.
  if (!isLayerList(layers)) return textOf(current);
  if (layers.some((layer) => isRoute(layer) && layer.path === current)) return textOf(current);
  const method = ctx.method.toUpperCase();
  for (let i = layers.length - 1; i >= 0; i--) {
    const layer = layers[i];
    if (layer !== undefined && isRoute(layer) && layer.methods.includes(method)) return textOf(layer.path);
  }
  return undefined;
};
