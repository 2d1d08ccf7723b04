import type { Server } from 'node:http';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import express4 from 'express4';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  baseUrlOf,
  closeServer,
  inMemoryClient,
  metricPoints,
  serverSpans,
} from '@telemetryflow-internal/test-utils';
import type { InMemoryTransport } from '@telemetryflow-internal/test-utils';
import { TelemetryFlowClient } from '@telemetryflow/client';
import { expressErrorHandler, expressMiddleware } from '../src/index.js';
import { captureRoute } from '../src/route-capture.js';

type ExpressModule = typeof express;

interface FakeRequest {
  baseUrl: string;
  params: unknown;
  route?: unknown;
}

/** A request as Express leaves it in the app's router, before any mount. */
const fakeRequest = (): FakeRequest => ({ baseUrl: '', params: {} });

/** What Express does when it enters a mount layer: the layer's parameters, then the longer baseUrl. */
const enter = (req: FakeRequest, baseUrl: string, params: Record<string, unknown>): void => {
  req.params = params;
  req.baseUrl = baseUrl;
  req.baseUrl = baseUrl; // the mounted router's own setup assigns it again
};

describe('captureRoute', () => {
  it('joins the mount path current when the route is matched with the route path', () => {
    const req: { baseUrl: string; route?: unknown } = { baseUrl: '/api/users' };
    const routeOf = captureRoute(req);
    req.route = { path: '/:id' };
    req.baseUrl = '';
    expect(routeOf()).toBe('/api/users/:id');
    expect(req.route).toEqual({ path: '/:id' });
  });

  it('gives the mount path for a router root route', () => {
    const req: { baseUrl: string; route?: unknown } = { baseUrl: '/api/users' };
    const routeOf = captureRoute(req);
    req.route = { path: '/' };
    expect(routeOf()).toBe('/api/users');
  });

  it('gives undefined until a route is matched', () => {
    expect(captureRoute({ baseUrl: '' })()).toBeUndefined();
  });

  it('keeps reading and writing baseUrl as a plain property', () => {
    const req = fakeRequest();
    captureRoute(req);
    enter(req, '/orgs/acme', { org: 'acme' });
    expect(req.baseUrl).toBe('/orgs/acme');
    expect(Object.keys(req)).toContain('baseUrl');
  });

  it('falls back to the concrete mount path when baseUrl cannot be followed', () => {
    const req = { params: {} } as FakeRequest;
    Object.defineProperty(req, 'baseUrl', { value: '/orgs/acme', writable: true, enumerable: true });
    const routeOf = captureRoute(req);
    req.route = { path: '/x' };
    expect(routeOf()).toBe('/orgs/acme/x');
  });

  it('maps the parameters of a mount path current when the request is captured', () => {
    const req: FakeRequest = { baseUrl: '/t/acme', params: { tenant: 'acme' } };
    const routeOf = captureRoute(req);
    req.route = { path: '/x' };
    expect(routeOf()).toBe('/t/:tenant/x');
  });

  it('puts the parameter names of the mount paths in place of their values, at every depth', () => {
    const req = fakeRequest();
    const routeOf = captureRoute(req);
    enter(req, '/orgs/acme', { org: 'acme' });
    enter(req, '/orgs/acme/teams/red', { team: 'red' });
    enter(req, '/orgs/acme/teams/red/projects/p1', { project: 'p1' });
    req.route = { path: '/tasks/:task' };
    expect(routeOf()).toBe('/orgs/:org/teams/:team/projects/:project/tasks/:task');
  });

  it('takes the last segment holding a value equal to a static one before it', () => {
    const req = fakeRequest();
    const routeOf = captureRoute(req);
    enter(req, '/orgs/orgs', { org: 'orgs' });
    enter(req, '/orgs/orgs/a/a/a', { x: 'a', y: 'a' });
    req.route = { path: '/' };
    expect(routeOf()).toBe('/orgs/:org/a/:x/:y');
  });

  it('matches raw and URI-decoded segments', () => {
    const req = fakeRequest();
    const routeOf = captureRoute(req);
    enter(req, '/orgs/a%20b/teams/x%2Fy', { org: 'a b', team: 'x/y' });
    req.route = { path: '/' };
    expect(routeOf()).toBe('/orgs/:org/teams/:team');
  });

  it('tells the parameters a mergeParams router inherits from those of its mount path', () => {
    const req = fakeRequest();
    const routeOf = captureRoute(req);
    enter(req, '/orgs/blue', { org: 'blue' });
    enter(req, '/orgs/blue/teams/blue', { org: 'blue', team: 'blue' });
    req.route = { path: '/' };
    expect(routeOf()).toBe('/orgs/:org/teams/:team');
  });

  it('maps a parameter redeclared with the same value, at the cost of an inherited value equal to a static segment', () => {
    const req = fakeRequest();
    const routeOf = captureRoute(req);
    enter(req, '/users/5', { id: '5' });
    enter(req, '/users/5/posts/5', { id: '5' });
    req.route = { path: '/' };
    expect(routeOf()).toBe('/users/:id/posts/:id');
    req.baseUrl = '';
    enter(req, '/orgs/teams', { org: 'teams' });
    enter(req, '/orgs/teams/teams/blue', { org: 'teams', team: 'blue' });
    req.route = { path: '/' };
    expect(routeOf()).toBe('/orgs/:org/:org/:team');
  });

  it('takes a parameter redeclared with a new value as the mount path one', () => {
    const req = fakeRequest();
    const routeOf = captureRoute(req);
    enter(req, '/a/1', { id: '1' });
    enter(req, '/a/1/b/2', { id: '2' });
    req.route = { path: '/' };
    expect(routeOf()).toBe('/a/:id/b/:id');
  });

  it('writes wildcards as declared: Express 4 `*` (one string), Express 5 `*name` (segments)', () => {
    const req = fakeRequest();
    const routeOf = captureRoute(req);
    enter(req, '/files/a/b%20c', { 0: 'a/b c' });
    req.route = { path: '/' };
    expect(routeOf()).toBe('/files/*');
    req.baseUrl = '';
    enter(req, '/docs/x/y', { rest: ['x', 'y'] });
    req.route = { path: '/' };
    expect(routeOf()).toBe('/docs/*rest');
  });

  it('turns a segment holding a value only in part into the placeholder', () => {
    const req = fakeRequest();
    const routeOf = captureRoute(req);
    enter(req, '/v12/items', { 0: '12' });
    req.route = { path: '/:id' };
    expect(routeOf()).toBe('/*/items/:id');
  });

  it('gives back the template of a level Express restores, and recomputes one entered again', () => {
    const req = fakeRequest();
    const routeOf = captureRoute(req);
    enter(req, '/x/static', { id: 'static' });
    enter(req, '/x/static/y/1', { y: '1' });
    req.baseUrl = '/x/static';
    req.route = { path: '/z' };
    expect(routeOf()).toBe('/x/:id/z');
    req.baseUrl = '';
    enter(req, '/x/static', {});
    req.route = { path: '/z' };
    expect(routeOf()).toBe('/x/static/z');
  });
});

const BOOM = new Error('nested router failed');

const ok = (req: Request, res: Response) => res.json(req.params);

/** An app whose routers are mounted on paths with parameters, nested up to three deep. */
const startApp = async (framework: ExpressModule, major: 4 | 5, client: TelemetryFlowClient) => {
  const app = framework();
  app.use(expressMiddleware(client));

  const projects = framework.Router();
  projects.get('/', ok);
  projects.get('/fail', () => {
    throw BOOM;
  });
  projects.get('/pass', (_req, _res, next) => next());
  const teams = framework.Router();
  teams.get('/members/:member', ok);
  teams.use('/projects/:project', projects);
  const orgs = framework.Router();
  orgs.get('/repos/:repo', ok);
  orgs.use('/teams/:team', teams);
  app.use('/orgs/:org', orgs);
  app.get('/orgs/:org/settings', ok);

  const groups = framework.Router();
  groups.get('/users/:user', ok);
  const tenant = framework();
  tenant.get('/items/:item', ok);
  tenant.use('/groups/:group', groups);
  app.use('/t/:tenant', tenant);

  const roles = framework.Router({ mergeParams: true });
  roles.get('/roles/:role', ok);
  const fixed = framework.Router({ mergeParams: true });
  fixed.get('/', ok);
  const members = framework.Router({ mergeParams: true });
  members.use('/teams/:team', roles);
  members.use('/static', fixed);
  app.use('/m/:org', members);

  const posts = framework.Router();
  posts.get('/', ok);
  const users = framework.Router();
  users.use('/posts/:id', posts);
  app.use('/users/:id', users);

  const versions = framework.Router();
  versions.get('/status', ok);
  app.use(/^\/v(\d+)/, versions);
  const files = framework.Router();
  files.get('/', ok);
  app.use(major === 4 ? '/files/*' : '/files/*path', files);

  app.use(expressErrorHandler());
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    res.status(500).json({ error: (error as Error).message });
  });
  const server: Server = app.listen(0, '127.0.0.1');
  return { server, url: await baseUrlOf(server) };
};

describe.each([
  { name: 'Express 4', framework: express4, major: 4 as const },
  { name: 'Express 5', framework: express, major: 5 as const },
])('route templates with parameters in mount paths on $name', ({ framework, major }) => {
  let client: TelemetryFlowClient;
  let transport: InMemoryTransport;
  let app: { server: Server; url: string };

  beforeEach(async () => {
    ({ client, transport } = inMemoryClient(TelemetryFlowClient));
    client.initialize();
    app = await startApp(framework, major, client);
  });

  afterEach(async () => {
    await closeServer(app.server);
    await client.shutdown(5_000);
  });

  /** Requests the paths in turn; gives their statuses and the `http.route` of their spans, in order. */
  const routesOf = async (...paths: string[]) => {
    const statuses: number[] = [];
    for (const path of paths) {
      const response = await fetch(`${app.url}${path}`);
      await response.arrayBuffer();
      statuses.push(response.status);
    }
    await client.shutdown(5_000);
    const spans = serverSpans(transport).sort((a, b) =>
      String(a['startTimeUnixNano']).localeCompare(String(b['startTimeUnixNano'])),
    );
    expect(spans.map((span) => span.attrs['url.path'])).toEqual(paths.map((path) => path.split('?')[0]));
    return { statuses, routes: spans.map((span) => span.attrs['http.route']), spans };
  };

  /** The `http.requests.total` series: route template → count. */
  const requestCounts = () =>
    Object.fromEntries(
      metricPoints(transport, 'http.requests.total').map((p) => [String(p.attrs['http.route']), p.value]),
    );

  it('keeps the parameter of a mount path at depth 1: one span name and one series for all tenants', async () => {
    const { statuses, spans } = await routesOf('/orgs/acme/repos/web', '/orgs/globex/repos/api');
    expect(statuses).toEqual([200, 200]);
    expect(spans.map((span) => span['name'])).toEqual([
      'GET /orgs/:org/repos/:repo',
      'GET /orgs/:org/repos/:repo',
    ]);
    expect(requestCounts()).toEqual({ '/orgs/:org/repos/:repo': 2 });
  });

  it('keeps the parameters of mount paths at depth 2 and 3', async () => {
    const { statuses, routes } = await routesOf(
      '/orgs/acme/teams/red/members/ada',
      '/orgs/acme/teams/red/projects/p1',
      '/orgs/globex/teams/blue/projects/p2/',
    );
    expect(statuses).toEqual([200, 200, 200]);
    expect(routes).toEqual([
      '/orgs/:org/teams/:team/members/:member',
      '/orgs/:org/teams/:team/projects/:project',
      '/orgs/:org/teams/:team/projects/:project',
    ]);
  });

  it('keeps the parameters of a sub-app mount path and of a router mounted in the sub-app', async () => {
    const { statuses, routes } = await routesOf('/t/acme/items/7', '/t/globex/groups/g1/users/u1');
    expect(statuses).toEqual([200, 200]);
    expect(routes).toEqual(['/t/:tenant/items/:item', '/t/:tenant/groups/:group/users/:user']);
  });

  it('keeps the parameters of mergeParams routers, inherited values equal to their own ones too', async () => {
    const { statuses, routes } = await routesOf(
      '/m/acme/teams/red/roles/admin',
      '/m/red/teams/red/roles/red',
    );
    expect(statuses).toEqual([200, 200]);
    expect(routes).toEqual(['/m/:org/teams/:team/roles/:role', '/m/:org/teams/:team/roles/:role']);
  });

  it('keeps a parameter redeclared by a nested mount path with the same value', async () => {
    const { statuses, routes } = await routesOf('/users/5/posts/5', '/users/5/posts/6');
    expect(statuses).toEqual([200, 200]);
    expect(routes).toEqual(['/users/:id/posts/:id', '/users/:id/posts/:id']);
  });

  it('maps an inherited value equal to a static segment: as declared on Express 5, a placeholder on Express 4', async () => {
    const { statuses, routes } = await routesOf('/m/teams/teams/teams/roles/admin', '/m/static/static');
    expect(statuses).toEqual([200, 200]);
    // Express 4 does not tell which parameters a mergeParams router inherited: see mountTemplateOf.
    expect(routes).toEqual(
      major === 5
        ? ['/m/:org/teams/:team/roles/:role', '/m/:org/static']
        : ['/m/:org/:org/:team/roles/:role', '/m/:org/:org'],
    );
  });

  it('hands mergeParams routers their merged parameters unchanged', async () => {
    const response = await fetch(`${app.url}/m/teams/teams/teams/roles/admin`);
    expect(await response.json()).toEqual({ org: 'teams', team: 'teams', role: 'admin' });
  });

  it('maps a parameter value equal to a static segment to the parameter, not the static text', async () => {
    const { statuses, routes } = await routesOf(
      '/orgs/orgs/repos/repos',
      '/orgs/teams/teams/teams/members/members',
      '/orgs/repos/repos/x',
    );
    expect(statuses).toEqual([200, 200, 200]);
    expect(routes).toEqual([
      '/orgs/:org/repos/:repo',
      '/orgs/:org/teams/:team/members/:member',
      '/orgs/:org/repos/:repo',
    ]);
  });

  it('maps URI-encoded parameter values', async () => {
    const { statuses, routes } = await routesOf(
      '/orgs/a%20b/repos/web',
      '/orgs/caf%C3%A9/teams/x%2Fy/members/m%25',
      '/t/a%20b/groups/%7Eg/users/u',
    );
    expect(statuses).toEqual([200, 200, 200]);
    expect(routes).toEqual([
      '/orgs/:org/repos/:repo',
      '/orgs/:org/teams/:team/members/:member',
      '/t/:tenant/groups/:group/users/:user',
    ]);
  });

  it('keeps the full template of a route whose error leaves nested routers', async () => {
    const { statuses, spans } = await routesOf('/orgs/acme/teams/red/projects/p1/fail');
    expect(statuses).toEqual([500]);
    expect(spans[0]).toMatchObject({
      name: 'GET /orgs/:org/teams/:team/projects/:project/fail',
      status: { code: 'STATUS_CODE_ERROR', message: BOOM.message },
    });
    expect(requestCounts()).toEqual({ '/orgs/:org/teams/:team/projects/:project/fail': 1 });
  });

  it('gives a 404 in a mounted router no route, or the template of a route that passed it on', async () => {
    const { statuses, routes, spans } = await routesOf(
      '/orgs/acme/teams/red/nothing',
      '/orgs/acme/teams/red/projects/p1/pass',
    );
    expect(statuses).toEqual([404, 404]);
    expect(spans[0]?.['name']).toBe('GET');
    expect(routes).toEqual([undefined, '/orgs/:org/teams/:team/projects/:project/pass']);
  });

  it('gives the template of a route matched after Express leaves a mounted router', async () => {
    const { statuses, routes } = await routesOf('/orgs/acme/settings');
    expect(statuses).toEqual([200]);
    expect(routes).toEqual(['/orgs/:org/settings']);
  });

  it('gives one template for every value of a regular-expression or wildcard mount path', async () => {
    const { statuses, routes } = await routesOf('/v1/status', '/v22/status', '/files/a/b', '/files/c');
    expect(statuses).toEqual([200, 200, 200, 200]);
    const versions = major === 4 ? '/*/status' : `${String(/^\/v(\d+)/)}/status`;
    const files = major === 4 ? '/files/*' : '/files/*path';
    expect(routes).toEqual([versions, versions, files, files]);
  });
});
