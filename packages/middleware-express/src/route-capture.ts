interface RoutedRequest {
  readonly baseUrl?: string;
  route?: unknown;
}

const templateOf = (baseUrl: string | undefined, route: unknown): string | undefined => {
  const path = (route as { path?: unknown } | null | undefined)?.path;
  let template: string;
  if (typeof path === 'string') template = path;
  else if (Array.isArray(path)) template = path.map(String).join(',');
  else if (path instanceof RegExp) template = String(path);
  else return undefined;
  const base = baseUrl ?? '';
  if (base === '') return template;
  return template === '/' ? base : `${base}${template}`;
};

/**
 * Follows `req.route` so the route template is known with the mount path of its router: Express
 * sets `req.route` when it matches a route, while `req.baseUrl` still holds the router's mount path
 * (Express restores `req.baseUrl` when an error leaves the router, so reading both at the end
 * would lose the prefix). Returns a function giving the template of the last matched route.
 */
export const captureRoute = (req: RoutedRequest): (() => string | undefined) => {
  let route = req.route;
  let template = templateOf(req.baseUrl, route);
  Object.defineProperty(req, 'route', {
    configurable: true,
    enumerable: true,
    get: () => route,
    set: (value: unknown) => {
      route = value;
      template = templateOf(req.baseUrl, value);
    },
  });
  return () => template;
};
