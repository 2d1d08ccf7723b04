import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { metricPoints, total } from '@telemetryflow-internal/test-utils';
import { koaMiddleware } from '../src/index.js';
import type { KoaContextLike } from '../src/index.js';
import { KOA_MAJORS, harness } from './harness.js';
import type { Harness } from './harness.js';

// The options every adapter shares are checked by tools/middleware-conformance; here, how the
// middleware fits a Koa app: its trusted-proxy setting, mounting it twice, the context it hands on.

const FORWARDED = { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.7' };

describe.each(KOA_MAJORS)('koaMiddleware in a $name app', ({ Framework }) => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });
  afterEach(() => h.close());

  it.each([
    { proxy: true, scheme: 'https', client: '203.0.113.7' },
    { proxy: false, scheme: 'http', client: '127.0.0.1' },
  ])(
    'with app.proxy = $proxy, takes url.scheme and client.address from ctx.protocol and ctx.ip',
    async ({ proxy, scheme, client }) => {
      const app = new Framework({ proxy });
      app.use(koaMiddleware(h.client));
      app.use((ctx) => void (ctx.body = 'ok'));
      const url = await h.listen(app);
      await fetch(`${url}/`, { headers: FORWARDED });
      const [span] = await h.settle(1);
      expect(span?.attrs).toMatchObject({
        'url.scheme': scheme,
        'client.address': client,
        'network.peer.address': '127.0.0.1',
      });
      expect(metricPoints(h.transport, 'http.server.request.duration')).toMatchObject([
        { attrs: { 'url.scheme': scheme } },
      ]);
    },
  );

  it('records a request once when mounted twice on the app', async () => {
    const app = new Framework();
    app.use(koaMiddleware(h.client));
    app.use(koaMiddleware(h.client));
    app.use((ctx) => void (ctx.body = 'ok'));
    const url = await h.listen(app);
    await fetch(`${url}/once`);
    await fetch(`${url}/twice`);
    expect(await h.settle(2)).toHaveLength(2);
    expect(total(metricPoints(h.transport, 'http.requests.total'))).toBe(2);
  });

  it("hands Koa's context to attributesFromRequest, before the downstream middleware runs", async () => {
    const seen: KoaContextLike[] = [];
    const app = new Framework();
    app.use(
      koaMiddleware(h.client, {
        attributesFromRequest: (ctx) => {
          seen.push(ctx);
          return { 'app.downstream_ran': (ctx as unknown as { state: { ran?: true } }).state.ran === true };
        },
      }),
    );
    app.use((ctx) => {
      (ctx.state as { ran?: true }).ran = true;
      ctx.body = 'ok';
    });
    const url = await h.listen(app);
    await fetch(`${url}/`);
    const [span] = await h.settle(1);
    expect(seen[0]?.app).toBe(app);
    expect(span?.attrs['app.downstream_ran']).toBe(false);
  });
});
