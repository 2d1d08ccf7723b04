import { subscribe } from 'node:diagnostics_channel';

/** What `captureRoute` follows on the request: Express assigns all three while routing. */
interface RoutedRequest {
  readonly baseUrl?: string;
  readonly params?: unknown;
  route?: unknown;
}

type Params = Readonly<Record<string, unknown>>;

/** A mount level: the concrete `baseUrl` it stands for maps to this. */
interface Level {
  /** The mount paths as declared, joined (`/orgs/:org/teams`). */
  readonly template: string;
  /** `req.params` when the level was entered: the parent parameters of the router inside it. */
  readonly params: Params;
}

const paramsOf = (value: unknown): Params =>
  typeof value === 'object' && value !== null ? { ...(value as Params) } : {};

const templateOf = (base: string, route: unknown): string | undefined => {
  const path = (route as { path?: unknown } | null | undefined)?.path;
  let template: string;
  if (typeof path === 'string') template = path;
  else if (Array.isArray(path)) template = path.map(String).join(',');
  else if (path instanceof RegExp) template = String(path);
  else return undefined;
  if (base === '') return template;
  return template === '/' ? base : `${base}${template}`;
};

/** The text a mount pattern adds to the template, as Express strips it from `baseUrl`. */
const mountPatternText = (pattern: unknown): string | undefined => {
  if (pattern instanceof RegExp) return String(pattern);
  if (typeof pattern !== 'string') return undefined;
  const trimmed = pattern.replace(/\/+$/, '');
  return trimmed === '' || trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
};

const decoded = (text: string): string => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

const sameValue = (a: unknown, b: unknown): boolean =>
  a === b ||
  (Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => item === b[i]));

type Param = readonly [name: string, value: unknown];

/**
 * The mount layer's parameters, split into those surely declared by its mount path and those that
 * may be inherited. A router with `mergeParams` hands its layers the parent's parameters too, so when
 * every parent parameter is there with its value, those are only maybe the mount path's: it may
 * redeclare them with the same values (`/users/:id` then `/posts/:id`, requested as `/users/5/posts/5`).
 */
const splitParams = (params: Params, parent: Params): { own: Param[]; inherited: Param[] } => {
  const entries = Object.entries(params);
  const parentNames = Object.keys(parent);
  const inherits =
    parentNames.length > 0 &&
    parentNames.every((name) => Object.hasOwn(params, name) && sameValue(params[name], parent[name]));
  if (!inherits) return { own: entries, inherited: [] };
  const inherited = (name: string, value: unknown) =>
    Object.hasOwn(parent, name) && sameValue(value, parent[name]);
  return {
    own: entries.filter(([name, value]) => !inherited(name, value)),
    inherited: entries.filter(([name, value]) => inherited(name, value)),
  };
};

/** `:name`; `*name` for an Express 5 wildcard (an array); `*` for an unnamed (numbered) parameter. */
const placeholderOf = (name: string, value: unknown): string =>
  Array.isArray(value) ? `*${name}` : /^\d+$/.test(name) ? '*' : `:${name}`;

const isPresent = ([, value]: Param): boolean =>
  Array.isArray(value) ? value.length > 0 : typeof value === 'string' && value !== '';

/**
 * The declared form of the part `added` of `baseUrl` a mount layer stripped, from its parameters'
 * values: the segments holding a value (raw or URI-decoded; several for a wildcard) become the
 * placeholder. Segments are scanned from the end, so a value equal to a static segment before it
 * (`/orgs/orgs`, org = `orgs`) takes the later one (`/orgs/:org`). A value of the mount path found
 * only inside a segment (a regular expression's group, `/v:version`) turns that whole segment into
 * the placeholder. Then the maybe-inherited parameters take the segments still holding their values
 * whole: a static segment equal to an inherited value becomes a placeholder too, which costs one
 * template for that value, where leaving a redeclared parameter's value would cost one per value.
 * A value not found at all leaves the text as matched.
 */
const mountTemplateOf = (added: string, own: readonly Param[], inherited: readonly Param[]): string => {
  const segments = added.split('/');
  const out: (string | undefined)[] = [...segments];
  const free = segments.map((segment) => segment !== '');
  const matches = (segment: string, value: unknown) =>
    typeof value === 'string' && (segment === value || decoded(segment) === value);

  /** Where the run of free segments ending at `end` holding `value` starts, if it does. */
  const runStart = (end: number, value: unknown): number | undefined => {
    if (Array.isArray(value)) {
      const start = end - value.length + 1;
      if (start < 0) return undefined;
      for (let i = start; i <= end; i++)
        if (!free[i] || !matches(segments[i] ?? '', value[i - start])) return;
      return start;
    }
    if (typeof value !== 'string') return undefined;
    // A decoded value has at least as many slashes as the raw run it came from.
    const longest = value.split('/').length;
    for (let start = end; start >= 0 && end - start < longest; start--) {
      if (!free[start]) return undefined;
      if (matches(segments.slice(start, end + 1).join('/'), value)) return start;
    }
    return undefined;
  };

  /** Places the parameters whose values fill whole segments; gives back the others. */
  const placeWhole = (params: readonly Param[]): Param[] => {
    const pending = params.filter(isPresent);
    for (let end = segments.length - 1; end >= 0 && pending.length > 0; end--) {
      for (let p = pending.length - 1; p >= 0; p--) {
        const [name, value] = pending[p]!;
        const start = runStart(end, value);
        if (start === undefined) continue;
        out.fill(undefined, start, end + 1);
        out[start] = placeholderOf(name, value);
        free.fill(false, start, end + 1);
        pending.splice(p, 1);
        end = start;
        break;
      }
    }
    return pending;
  };

  for (const [name, value] of placeWhole(own)) {
    const text = Array.isArray(value) ? value.map(String).join('/') : String(value);
    for (let i = segments.length - 1; i >= 0; i--) {
      const segment = segments[i] ?? '';
      if (free[i] && (segment.includes(text) || decoded(segment).includes(text))) {
        out[i] = placeholderOf(name, value);
        free[i] = false;
        break;
      }
    }
  }
  placeWhole(inherited);
  return out.filter((segment) => segment !== undefined).join('/');
};

/** The mount-level followers of the requests being routed, for the router's tracing channel. */
const mountFollowers = new WeakMap<object, (pattern: unknown) => void>();
let listening = false;

/**
 * The `router` package (Express 5's router, from 2.3) publishes every layer it invokes on the
 * `express.router.request` tracing channel, with the path the layer was declared with (`route`).
 * Its `start` event for a mount layer comes right after the layer has extended `req.baseUrl`.
 */
const listenToRouter = (): void => {
  if (listening) return;
  listening = true;
  try {
    subscribe('tracing:express.router.request:start', (message) => {
      try {
        const { req, route } = message as { req?: unknown; route?: unknown };
        if (typeof req === 'object' && req !== null) mountFollowers.get(req)?.(route);
      } catch {
        // Telemetry never disturbs routing.
      }
    });
  } catch {
    // No diagnostics channels: mount templates come from the parameters' values.
  }
};

/**
 * Follows routing on the request so the route template is known with the mount paths of its
 * routers as they were declared (`app.use('/orgs/:org', router)` + `router.get('/repos/:repo')` gives
 * `/orgs/:org/repos/:repo`), at every depth, sub-apps included. Returns a function giving the template
 * of the last matched route.
 *
 * Express keeps only the concrete mount path (`req.baseUrl`), so each assignment of it is followed:
 * entering a mount layer extends it (`parent + removed`, with `req.params` then holding the mount
 * layer's parameters) and leaving restores it. Each concrete `baseUrl` is mapped to its template:
 * from the pattern the layer was declared with when the router publishes it (Express 5, see
 * `listenToRouter`), otherwise from the parameters' values (`mountTemplateOf`). `req.route` is
 * followed too, since Express restores `req.baseUrl` when an error leaves a router: reading both at
 * the end would lose the prefix.
 */
export const captureRoute = (req: RoutedRequest): (() => string | undefined) => {
  let baseUrl = req.baseUrl;
  let concrete = baseUrl ?? '';
  const initialParams = paramsOf(req.params);
  // Mounted at a path itself (`app.use('/t/:tenant', middleware)`), its own parameters are there.
  let base = mountTemplateOf(concrete, Object.entries(initialParams), []);
  const levels = new Map<string, Level>([[concrete, { template: base, params: initialParams }]]);
  /** The template of the parent of the level just entered, until the router tells what was declared. */
  let entered: string | undefined;

  const follow = (value: unknown): void => {
    entered = undefined;
    const next = typeof value === 'string' ? value : '';
    if (next === concrete) return;
    if (next.length > concrete.length && next.startsWith(concrete)) {
      const parent = levels.get(concrete) ?? { template: base, params: {} };
      const params = paramsOf(req.params);
      const { own, inherited } = splitParams(params, parent.params);
      const added = mountTemplateOf(next.slice(concrete.length), own, inherited);
      levels.set(next, { template: `${parent.template}${added}`, params });
      entered = parent.template;
    }
    concrete = next;
    // Unknown (not set by Express): the concrete value, as without this tracking.
    base = levels.get(next)?.template ?? next;
  };

  const onLayerStart = (pattern: unknown): void => {
    if (entered === undefined) return;
    const text = mountPatternText(pattern);
    const level = levels.get(concrete);
    if (text !== undefined && level !== undefined) {
      base = `${entered}${text}`;
      levels.set(concrete, { ...level, template: base });
    }
    entered = undefined;
  };

  let followed = true;
  try {
    Object.defineProperty(req, 'baseUrl', {
      configurable: true,
      enumerable: true,
      get: () => baseUrl,
      set: (value: string | undefined) => {
        baseUrl = value;
        try {
          follow(value);
        } catch {
          // Telemetry never disturbs routing: the template keeps its last known mount paths.
        }
      },
    });
    mountFollowers.set(req, onLayerStart);
    listenToRouter();
  } catch {
    // `baseUrl` cannot be followed (other code made it unconfigurable): templates take the concrete
    // mount path current when a route matches.
    followed = false;
  }

  const baseOf = () => (followed ? base : (req.baseUrl ?? ''));
  let route = req.route;
  let template = templateOf(baseOf(), route);
  Object.defineProperty(req, 'route', {
    configurable: true,
    enumerable: true,
    get: () => route,
    set: (value: unknown) => {
      route = value;
      template = templateOf(baseOf(), value);
    },
  });
  return () => template;
};
