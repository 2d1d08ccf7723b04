import Router from '@koa/router';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { koaMiddleware } from '../src/index.js';
import { KOA_MAJORS, harness } from './harness.js';
import type { Harness } from './harness.js';

// tools/middleware-conformance checks routers nested with `router.use(prefix, nested.routes())`,
// wildcards and regular expressions on Koa 2 and 3; here, the other ways @koa/router routes.

describe.each(KOA_MAJORS)('koaMiddleware route templates on $name', ({ Framework }) => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });
  afterEach(() => h.close());

  /** An app: the telemetry, then each router's `routes()`. */
  const serve = (...routers: Router[]): Promise<string> => {
    const app = new Framework();
    app.use(koaMiddleware(h.client));
    for (const router of routers) app.use(router.routes());
    return h.listen(app);
  };

  const routeOf = async (answered: Response | Promise<Response>) => {
    await answered;
    const [span] = await h.settle(1);
    return { name: span?.['name'], route: span?.attrs['http.route'] };
  };

  it('joins the prefix of a router created with { prefix }, parameters included', async () => {
    const repos = new Router({ prefix: '/orgs/:org' });
    repos.get('/', (ctx) => void (ctx.body = 'org'));
    repos.get('/repos/:repo', (ctx) => void (ctx.body = 'repo'));
    const url = await serve(repos);
    await fetch(`${url}/orgs/acme`);
    await fetch(`${url}/orgs/acme/repos/rocket`);
    const spans = await h.settle(2);
    expect(spans.map((s) => [s['name'], s.attrs['http.route']])).toEqual([
      ['GET /orgs/:org', '/orgs/:org'],
      ['GET /orgs/:org/repos/:repo', '/orgs/:org/repos/:repo'],
    ]);
  });

  it("names the route a router middleware answered for, never the middleware's own pattern", async () => {
    const users = new Router();
    // @koa/router writes this middleware's path (`{/*rest}`) into ctx._matchedRoute as it runs it.
    users.use(async (ctx, next) => {
      if (ctx.get('authorization') === '') ctx.status = 401;
      else await next();
    });
    users.get('/users/:id', (ctx) => void (ctx.body = { id: ctx.params['id'] }));
    const url = await serve(users);
    expect(await routeOf(fetch(`${url}/users/7`))).toEqual({ name: 'GET /users/:id', route: '/users/:id' });
  });

  it('takes the route of whichever router on the app matched', async () => {
    const first = new Router();
    first.get('/a/:id', (ctx) => void (ctx.body = 'a'));
    const second = new Router();
    second.get('/b/:id', (ctx) => void (ctx.body = 'b'));
    const url = await serve(first, second);
    expect(await routeOf(fetch(`${url}/b/9`))).toEqual({ name: 'GET /b/:id', route: '/b/:id' });
  });

  it('names a HEAD request after the GET route that answers it', async () => {
    const router = new Router();
    router.get('/users/:id', (ctx) => void (ctx.body = 'user'));
    const url = await serve(router);
    expect(await routeOf(fetch(`${url}/users/7`, { method: 'HEAD' }))).toEqual({
      name: 'HEAD /users/:id',
      route: '/users/:id',
    });
  });

  it('gives no route to a path that matched only for another method (405 from allowedMethods)', async () => {
    const router = new Router();
    router.post('/orders/:id', (ctx) => void (ctx.status = 201));
    const app = new Framework();
    app.use(koaMiddleware(h.client));
    app.use(router.routes());
    app.use(router.allowedMethods());
    const url = await h.listen(app);
    expect((await fetch(`${url}/orders/1`)).status).toBe(405);
    const [span] = await h.settle(1);
    expect(span?.['name']).toBe('GET');
    expect(span?.attrs).not.toHaveProperty('http.route');
  });
});
