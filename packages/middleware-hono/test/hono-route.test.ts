import { Hono } from 'hono';
import type { MiddlewareHandler } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { metricPoints } from '@telemetryflow-internal/test-utils';
import { honoTelemetry } from '../src/index.js';
import { eventsOf, listen, recording } from './harness.js';
import type { Served } from './harness.js';

// tools/middleware-conformance checks the standard routes (sub-apps, wildcards, 404, the guard's
// 401); here, how Hono picks the route that answered among everything it matched.

const routeOf = (span: Record<string, unknown> & { attrs: Record<string, unknown> }) => ({
  name: span['name'],
  route: span.attrs['http.route'],
});

describe('honoTelemetry: the route template', () => {
  let served: Served | undefined;

  afterEach(async () => {
    await served?.close();
    served = undefined;
  });

  const get = async (app: Hono, path: string, init?: RequestInit): Promise<number> => {
    served ??= await listen(app);
    return (await fetch(`${served.baseUrl}${path}`, init)).status;
  };

  it('is the route that answered, when several routes match', async () => {
    const { client, settle } = recording();
    const app = new Hono();
    app.use(honoTelemetry(client));
    app.get('/users/me', (c) => c.text('me'));
    app.get('/users/:id', (c) => c.text(c.req.param('id')));
    expect(await get(app, '/users/me')).toBe(200);
    expect((await settle(1)).map(routeOf)).toEqual([{ name: 'GET /users/me', route: '/users/me' }]);
  });

  it("is the route's when a middleware of the route answers (a failed validation)", async () => {
    const { client, settle } = recording();
    const validate: MiddlewareHandler = async (c, next) => {
      if (c.req.header('content-type') !== 'application/json') return c.text('JSON only', 400);
      return next();
    };
    const app = new Hono();
    app.use(honoTelemetry(client));
    app.post('/users/:id', validate, (c) => c.text('saved', 201));
    expect(await get(app, '/users/7', { method: 'POST', body: 'name=Ada' })).toBe(400);
    expect((await settle(1)).map(routeOf)).toEqual([{ name: 'POST /users/:id', route: '/users/:id' }]);
  });

  it('is never the path of a middleware that answered instead of a route (routePath(c) would say /admin/*)', async () => {
    const { client, transport, settle } = recording();
    const app = new Hono();
    app.use(honoTelemetry(client));
    app.use('/admin/*', async (c, next) => (c.req.header('authorization') ? next() : c.text('who?', 401)));
    app.get('/admin/users/:id', (c) => c.text('user'));
    expect(await get(app, '/admin/users/3')).toBe(401);
    expect((await settle(1)).map(routeOf)).toEqual([{ name: 'GET', route: undefined }]);
    expect(metricPoints(transport, 'http.server.request.duration').map((p) => p.attrs['http.route'])).toEqual(
      [undefined],
    );
  });

  it('stays the handler’s when the handler hands on to a middleware registered after the routes', async () => {
    const { client, settle } = recording();
    const app = new Hono();
    app.use(honoTelemetry(client));
    app.get('/reports/:id', async (c, next) => {
      c.res = c.json({ id: c.req.param('id') });
      await next();
    });
    app.use('*', async (c, next) => {
      await next();
      c.header('x-served-by', 'reports');
    });
    expect(await get(app, '/reports/9')).toBe(200);
    expect((await settle(1)).map(routeOf)).toEqual([{ name: 'GET /reports/:id', route: '/reports/:id' }]);
  });

  it('joins basePath() and app.route() prefixes, also through a sub-app with its own onError', async () => {
    const { client, settle } = recording();
    const repos = new Hono();
    repos.get('/repos/:repo', () => {
      throw new RangeError('no such repo');
    });
    // Declared for every method, like a middleware; a route all the same (it takes no `next`).
    repos.all('/hooks', (c) => c.text('hooked'));
    repos.onError((error, c) => c.text(`repos: ${error.message}`, 404));
    const api = new Hono().basePath('/v1');
    api.use(honoTelemetry(client));
    api.route('/orgs/:org', repos);
    served = await listen(api);
    const answer = await fetch(`${served.baseUrl}/v1/orgs/acme/repos/rocket`);
    expect([answer.status, await answer.text()]).toEqual([404, 'repos: no such repo']);
    expect(await get(api, '/v1/orgs/acme/hooks', { method: 'PUT' })).toBe(200);
    const spans = await settle(2);
    expect(spans.map(routeOf)).toEqual([
      { name: 'GET /v1/orgs/:org/repos/:repo', route: '/v1/orgs/:org/repos/:repo' },
      { name: 'PUT /v1/orgs/:org/hooks', route: '/v1/orgs/:org/hooks' },
    ]);
    // The sub-app's onError answered 404: the span has the error as an event.
    expect(eventsOf(spans[0])).toMatchObject([
      { name: 'exception', attrs: { 'exception.type': 'RangeError' } },
    ]);
  });
});
