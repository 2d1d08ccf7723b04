import { SpanKind } from '@telemetryflow/client';
import type { TelemetryFlowClient } from '@telemetryflow/client';
import type { FrameworkTraits } from './fixture.js';

/**
 * The standard app every fixture builds. The table is the contract: a fixture walks
 * `mountTree(standardRoutes(supports))` and gives each behaviour its framework's handler. Besides
 * the routes, every app has:
 * - the telemetry installed with the suite's options, covering every route and the 404 handler;
 * - a guard answering 401 to requests with the header `x-deny: 1` before any route runs. It sits
 *   where a real app's auth check would: Express, a middleware after the telemetry middleware;
 *   Fastify, an `onRequest` hook of a plugin (wrapped with fastify-plugin) registered before the
 *   telemetry plugin, so it runs first;
 * - error handling answering 500 to a thrown error (Express: `expressErrorHandler()`, then an error
 *   middleware answering 500, or handing on when headers are already sent; Fastify: its default).
 */

/** What a route's handler does; each fixture implements each behaviour once. */
export type Behaviour =
  /** 200 `text/plain`. */
  | 'text'
  /** 200 JSON. */
  | 'json'
  /** Throws `boomError()` synchronously. */
  | 'throw'
  /** Answers the status in the `:code` parameter. */
  | 'status'
  /** Sends 200 and part of the body, then fails with `lateError()` (see the fixtures for how). */
  | 'late-error'
  /** Calls `probe.hangStarted()` and never answers. */
  | 'hang'
  /** Awaits `probe.inFlight()`, then answers 503. */
  | 'in-flight'
  /** Runs `childWork(client)`, then answers 200. */
  | 'child'
  /** Reads the JSON body, runs `afterBodyWork(client)`, then answers 201 with the body. */
  | 'echo';

export interface StandardRoute {
  readonly method: 'GET' | 'POST';
  /** Mount paths of the nested routers / prefixed plugins holding the route, outermost first. */
  readonly mounts: readonly string[];
  /** The route's own path, as declared. */
  readonly path: string | RegExp;
  readonly behaviour: Behaviour;
  /** A path this route answers, with raw values that must never reach a span name or `http.route`. */
  readonly sample: string;
  /** The scope holding the route installs the telemetry a second time (`supports.scopedReinstall`). */
  readonly telemetryAgain?: true;
}

/** The expected `http.route`: the mount paths and the route path as declared, joined. */
export const templateOf = (route: StandardRoute): string => [...route.mounts, String(route.path)].join('');

const get = (
  path: string | RegExp,
  behaviour: Behaviour,
  sample: string,
  mounts: readonly string[] = [],
): StandardRoute => ({ method: 'GET', mounts, path, behaviour, sample });

/** The standard routes, as a framework with `supports` declares them. */
export const standardRoutes = (supports: FrameworkTraits): readonly StandardRoute[] => [
  get('/static', 'text', '/static'),
  get('/users/:id', 'json', '/users/42'),
  // A parameter in the mount path: Express keeps only the matched (raw) mount path by itself.
  get('/repos/:repo', 'json', '/orgs/acme/repos/rocket', ['/orgs/:org']),
  get('/members/:member', 'json', '/orgs/acme/teams/core/members/ada', ['/orgs/:org', '/teams/:team']),
  get(supports.wildcardPath, 'text', '/files/docs/readme.txt'),
  ...(supports.regexRoutes ? [get(/^\/re\/(\d+)$/, 'text', '/re/123')] : []),
  get('/boom', 'throw', '/boom'),
  get('/status/:code', 'status', '/status/202'),
  get('/late-error', 'late-error', '/late-error'),
  get('/hang', 'hang', '/hang'),
  get('/in-flight', 'in-flight', '/in-flight'),
  get('/child', 'child', '/child'),
  { method: 'POST', mounts: [], path: '/echo', behaviour: 'echo', sample: '/echo' },
  get('/health', 'text', '/health'),
  ...(supports.scopedReinstall
    ? [{ ...get('/items/:item', 'json', '/scoped/items/9', ['/scoped']), telemetryAgain: true as const }]
    : []),
];

/** One router / prefixed plugin of the standard app, with what is mounted in it. */
export interface MountNode {
  /** Its mount path relative to its parent; `''` for the app itself. */
  readonly prefix: string;
  readonly routes: StandardRoute[];
  readonly children: MountNode[];
  /** Install the telemetry again in this scope. */
  telemetryAgain: boolean;
}

/** The routes grouped by mount path, so a fixture builds each router or plugin once. */
export const mountTree = (routes: readonly StandardRoute[]): MountNode => {
  const root: MountNode = { prefix: '', routes: [], children: [], telemetryAgain: false };
  for (const route of routes) {
    let node = root;
    for (const prefix of route.mounts) {
      let child = node.children.find((c) => c.prefix === prefix);
      if (child === undefined) {
        child = { prefix, routes: [], children: [], telemetryAgain: false };
        node.children.push(child);
      }
      node = child;
    }
    node.routes.push(route);
    if (route.telemetryAgain) node.telemetryAgain = true;
  }
  return root;
};

/** The error `GET /boom` throws. */
export const boomError = (): Error => new TypeError('db refused');

/** The error `GET /late-error` fails with, after its headers went out. */
export const lateError = (): Error => new RangeError('stream broke after the headers');

/** The header a request sends to be turned away by the guard. */
export const DENY_HEADER = 'x-deny';

/** What `GET /child` does inside its handler: a child span, an await, then a log. */
export const childWork = async (client: TelemetryFlowClient): Promise<void> => {
  await client.span('child', SpanKind.INTERNAL, () => new Promise<void>((resolve) => setImmediate(resolve)));
  client.logInfo('child done');
};

/** What `POST /echo` does once the framework has read the body: a span of its own. */
export const afterBodyWork = (client: TelemetryFlowClient): void => {
  client.span('after-body', SpanKind.INTERNAL, () => undefined);
};
