import type { Context } from 'hono';

/** A route Hono matched for the request (hono's `RouterRoute`). */
export interface MatchedRouteLike {
  /** `ALL` for `app.use()` / `app.all()`, else the method it was declared for. */
  readonly method: string;
  /** The template as declared, with the base paths of `app.route()` / `basePath()`. */
  readonly path: string;
  readonly handler: unknown;
}

/** What the middleware reads of Hono's `c.req` to find the route that answered. */
export interface RoutedRequestLike {
  /** Every route matched, middleware included, in the order they run. */
  readonly matchedRoutes?: readonly MatchedRouteLike[];
  /** The index, in `matchedRoutes`, of the handler running (or last run). */
  readonly routeIndex?: number;
}

/** The key under which `app.route()` keeps the handler it wrapped in a sub-app's `onError`. */
const COMPOSED_HANDLER = '__COMPOSED_HANDLER';

const declaredHandlerOf = (handler: unknown): unknown => {
  let declared = handler;
  while (typeof declared === 'function' && COMPOSED_HANDLER in declared) {
    declared = (declared as unknown as Record<string, unknown>)[COMPOSED_HANDLER];
  }
  return declared;
};

/**
 * A middleware (`app.use()`) rather than a route: declared for every method and taking `next`, as
 * Hono itself tells them apart (`hono/dev`'s `inspectRoutes`).
 */
const isMiddleware = ({ method, handler }: MatchedRouteLike): boolean => {
  const declared = declaredHandlerOf(handler);
  return method === 'ALL' && typeof declared === 'function' && declared.length > 1;
};

/** Where the request is in Hono's chain: `c.req.routeIndex`, the handler running or last run. */
export const routeIndexOf = (c: Context): number => (c.req as RoutedRequestLike).routeIndex ?? 0;

/**
 * The route template of the handler that answered: the last route (not middleware) Hono ran after
 * the telemetry's own place in the chain (`after`). `undefined` when only middleware ran (a 404, a
 * guard's early reply). Unlike `routePath(c)`, a middleware running later (`app.use('*')`) never
 * replaces it.
 *
 * Read from `c.req.matchedRoutes`, the list `hono/route`'s `matchedRoutes(c)` returns: that helper
 * reads it through a symbol private to one copy of hono, so it finds nothing when this package's
 * CommonJS build meets an ES module app (or the reverse). The getter works on every Hono 4.
 */
export const routeOf = (c: Context, after: number): string | undefined => {
  const { matchedRoutes: routes = [], routeIndex = 0 } = c.req as RoutedRequestLike;
  for (let index = routeIndex; index > after; index--) {
    const route = routes[index];
    if (route !== undefined && !isMiddleware(route)) return route.path;
  }
  return undefined;
};
