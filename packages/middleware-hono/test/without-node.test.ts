import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { metricPoints, receivedSpans, traceparentFor } from '@telemetryflow-internal/test-utils';
import { honoTelemetry } from '../src/index.js';
import { eventsOf, recording, statusOf } from './harness.js';

// `app.request()` calls the app without a server, as other runtimes (Bun, Deno, Workers) do: no
// @hono/node-server bindings in `c.env`, so no Node request or response to read.

describe('honoTelemetry without Node bindings (app.request())', () => {
  it('records the request from what Hono sees: URL, headers, route; nothing of a connection', async () => {
    const { client, transport, settle } = recording();
    const app = new Hono();
    app.use(honoTelemetry(client, { sensitiveQueryParameters: ['token'] }));
    app.get('/users/:id', async (c) => {
      await client.span('db.query', () => Promise.resolve());
      return c.json({ id: c.req.param('id') });
    });
    const caller = traceparentFor(1);
    const answer = await app.request('/users/7?token=secret&page=2', {
      headers: { traceparent: caller.header, 'user-agent': 'vitest' },
    });
    expect(answer.status).toBe(200);
    const [span] = await settle(1);
    expect(span).toMatchObject({
      name: 'GET /users/:id',
      traceId: caller.traceId,
      parentSpanId: caller.parentId,
    });
    expect(span?.attrs).toEqual({
      'http.request.method': 'GET',
      'url.path': '/users/7',
      'url.query': 'token=REDACTED&page=2',
      'url.scheme': 'http',
      'server.address': 'localhost',
      'user_agent.original': 'vitest',
      'http.route': '/users/:id',
      'http.response.status_code': 200,
    });
    const child = receivedSpans(transport).find((s) => s['name'] === 'db.query');
    expect(child?.['parentSpanId']).toBe(span?.['spanId']);
    expect(metricPoints(transport, 'http.server.request.duration').map((p) => p.attrs)).toEqual([
      {
        'http.request.method': 'GET',
        'http.route': '/users/:id',
        'http.response.status_code': 200,
        'url.scheme': 'http',
      },
    ]);
  });

  it("sees the errors app.onError answers, and the app's answer is unchanged", async () => {
    const { client, settle } = recording();
    const app = new Hono();
    app.use(honoTelemetry(client));
    app.onError((error, c) => c.json({ error: error.message }, 503));
    app.get('/stock/:sku', () => {
      throw new RangeError('inventory down');
    });
    const answer = await app.request('/stock/A-1');
    expect([answer.status, await answer.json()]).toEqual([503, { error: 'inventory down' }]);
    const [span] = await settle(1);
    expect(span?.attrs).toMatchObject({ 'http.response.status_code': 503, 'error.type': 'RangeError' });
    expect(statusOf(span)).toEqual({ code: 'STATUS_CODE_ERROR', message: 'inventory down' });
    expect(eventsOf(span).map((e) => e.name)).toEqual(['exception']);
  });

  it('a request whose signal aborts before the answer: ERROR, error.type aborted, no status code', async () => {
    const { client, settle } = recording();
    let started = (): void => undefined;
    const handling = new Promise<void>((resolve) => (started = resolve));
    let release = (): void => undefined;
    const app = new Hono();
    app.use(honoTelemetry(client));
    app.get('/slow', async (c) => {
      started();
      await new Promise<void>((resolve) => (release = resolve));
      return c.text('late');
    });
    const controller = new AbortController();
    const answered = app.request(new Request('http://localhost/slow', { signal: controller.signal }));
    await handling;
    controller.abort();
    const [span] = await settle(1);
    release();
    expect((await answered).status).toBe(200); // the handler went on: nothing was cut short
    expect(span).toMatchObject({ name: 'GET /slow', attrs: { 'error.type': 'aborted' } });
    expect(span?.attrs).not.toHaveProperty('http.response.status_code');
    expect(statusOf(span)).toEqual({ code: 'STATUS_CODE_ERROR', message: 'Request aborted' });
  });

  it('installed again in a sub-app: one span, named after the sub-app route', async () => {
    const { client, settle } = recording();
    const admin = new Hono();
    admin.use(honoTelemetry(client));
    admin.get('/users/:id', (c) => c.text('user'));
    const app = new Hono();
    app.use(honoTelemetry(client));
    app.route('/admin', admin);
    expect((await app.request('/admin/users/1')).status).toBe(200);
    expect((await settle(1)).map((s) => s['name'])).toEqual(['GET /admin/users/:id']);
  });
});
