import { request } from 'node:http';
import { Readable } from 'node:stream';
import type Koa from 'koa';
import Router from '@koa/router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { metricPoints, receivedLogs } from '@telemetryflow-internal/test-utils';
import { koaMiddleware } from '../src/index.js';
import { KOA_MAJORS, eventNames, harness, statusOf } from './harness.js';
import type { Harness } from './harness.js';

// tools/middleware-conformance checks what every adapter records on Koa 2 and 3, with Koa's own
// error handling; here, the other ways errors travel in a Koa app, which the middleware only observes.

const FAILURE = new TypeError('inventory service down');

describe.each(KOA_MAJORS)('koaMiddleware error flow on $name', ({ Framework }) => {
  let h: Harness;
  let app: Koa;
  let reported: unknown[];

  beforeEach(() => {
    h = harness();
    reported = [];
    app = new Framework();
    app.on('error', (error: unknown) => reported.push(error));
  });
  afterEach(() => h.close());

  /** The app: the telemetry, then `before` middleware, then `/fail` running `fail`. */
  const serve = (fail: (ctx: Koa.Context) => unknown, ...before: Koa.Middleware[]) => {
    app.use(koaMiddleware(h.client));
    for (const middleware of before) app.use(middleware);
    const router = new Router();
    router.get('/fail', fail);
    app.use(router.routes());
    return h.listen(app);
  };

  it("leaves Koa's answer and app.on('error') unchanged: the same error object, Koa's 500 body", async () => {
    const url = await serve(() => {
      throw FAILURE;
    });
    const response = await fetch(`${url}/fail`);
    expect([response.status, await response.text()]).toEqual([500, 'Internal Server Error']);
    const [span] = await h.settle(1);
    expect(reported).toEqual([FAILURE]);
    expect(reported[0]).toBe(FAILURE);
    expect(span).toMatchObject({
      name: 'GET /fail',
      status: { code: 'STATUS_CODE_ERROR', message: FAILURE.message },
      attrs: { 'error.type': 'TypeError' },
    });
  });

  it('ctx.throw(503): ERROR, error.type the HttpError class Koa throws', async () => {
    const url = await serve((ctx) => ctx.throw(503));
    expect((await fetch(`${url}/fail`)).status).toBe(503);
    const [span] = await h.settle(1);
    expect(span).toMatchObject({
      status: { code: 'STATUS_CODE_ERROR', message: 'Service Unavailable' },
      attrs: { 'error.type': 'ServiceUnavailableError', 'http.response.status_code': 503 },
    });
  });

  it('ctx.throw(404): an exception event on an UNSET span, no error.type', async () => {
    const url = await serve((ctx) => ctx.throw(404, 'no such order'));
    const response = await fetch(`${url}/fail`);
    expect([response.status, await response.text()]).toEqual([404, 'no such order']);
    const [span] = await h.settle(1);
    expect(statusOf(span)).toEqual({ code: 'STATUS_CODE_UNSET', message: '' });
    expect(eventNames(span)).toEqual(['exception']);
    expect(span?.attrs).not.toHaveProperty('error.type');
  });

  it("an error middleware mounted after the telemetry that re-emits it: its answer, and the error's message and event", async () => {
    const url = await serve(
      () => {
        throw FAILURE;
      },
      async (ctx, next) => {
        try {
          await next();
        } catch (error) {
          ctx.status = 502;
          ctx.body = { error: 'upstream' };
          ctx.app.emit('error', error, ctx);
        }
      },
    );
    const response = await fetch(`${url}/fail`);
    expect([response.status, await response.json()]).toEqual([502, { error: 'upstream' }]);
    const [span] = await h.settle(1);
    expect(reported).toEqual([FAILURE]);
    expect(span).toMatchObject({
      status: { code: 'STATUS_CODE_ERROR', message: FAILURE.message },
      attrs: { 'error.type': 'TypeError', 'http.response.status_code': 502 },
    });
    expect(eventNames(span)).toEqual(['exception']);
    expect(receivedLogs(h.transport)).toMatchObject([
      { message: 'HTTP 502 error on GET /fail', attrs: { 'exception.message': FAILURE.message } },
    ]);
  });

  it('an error middleware mounted after the telemetry that swallows it: the status code only', async () => {
    const url = await serve(
      () => {
        throw FAILURE;
      },
      async (ctx, next) => {
        await next().catch(() => {
          ctx.status = 500;
        });
      },
    );
    expect((await fetch(`${url}/fail`)).status).toBe(500);
    const [span] = await h.settle(1);
    expect(span).toMatchObject({
      status: { code: 'STATUS_CODE_ERROR' },
      attrs: { 'error.type': '500' },
    });
    expect(eventNames(span)).toEqual([]);
  });

  it('an error middleware mounted before the telemetry gets the same error, which the span records', async () => {
    const handled: unknown[] = [];
    app.use(async (ctx, next) => {
      try {
        await next();
      } catch (error) {
        handled.push(error);
        ctx.status = 500;
        ctx.body = 'handled';
      }
    });
    const url = await serve(() => {
      throw FAILURE;
    });
    expect(await (await fetch(`${url}/fail`)).text()).toBe('handled');
    const [span] = await h.settle(1);
    expect(handled[0]).toBe(FAILURE);
    expect(span).toMatchObject({
      status: { message: FAILURE.message },
      attrs: { 'error.type': 'TypeError' },
    });
  });

  it('a thrown non-Error: error.type _OTHER, though Koa reports it wrapped in an Error', async () => {
    const url = await serve(() => {
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- the scenario
      throw 'out of stock';
    });
    expect((await fetch(`${url}/fail`)).status).toBe(500);
    const [span] = await h.settle(1);
    expect(reported).toMatchObject([{ message: 'non-error thrown: "out of stock"' }]);
    expect(span?.attrs['error.type']).toBe('_OTHER');
    expect(metricPoints(h.transport, 'http.server.request.duration')).toMatchObject([
      { attrs: { 'error.type': '_OTHER' } },
    ]);
  });

  it('a body stream failing after the headers: ERROR with the stream error, not a clean 200', async () => {
    const broken = new RangeError('stream broke after the headers');
    // Koa reports it on app.on('error'); Koa 2 then leaves the response open: the app ends it.
    app.on('error', (error: { headerSent?: boolean }, ctx: Koa.Context) => {
      if (error.headerSent) ctx.res.destroy();
    });
    const url = await serve((ctx) => {
      ctx.body = Readable.from(
        (async function* body() {
          yield 'partial';
          await Promise.resolve();
          throw broken;
        })(),
      );
    });
    await fetch(`${url}/fail`)
      .then((response) => response.text())
      .catch(() => undefined);
    const [span] = await h.settle(1);
    expect(span).toMatchObject({
      status: { code: 'STATUS_CODE_ERROR', message: broken.message },
      attrs: { 'error.type': 'RangeError', 'http.response.status_code': 200 },
    });
  });

  it('a client that resets the connection: aborted, not the ECONNRESET Koa reports', async () => {
    let arrived = (): void => undefined;
    const inHandler = new Promise<void>((resolve) => (arrived = resolve));
    const url = await serve(() => {
      arrived();
      return new Promise<never>(() => undefined);
    });
    const pending = request(`${url}/fail`, { agent: false });
    pending.on('error', () => undefined);
    pending.end();
    await inHandler;
    pending.socket?.resetAndDestroy();
    const [span] = await h.settle(1);
    expect(span).toMatchObject({
      status: { code: 'STATUS_CODE_ERROR', message: 'Request aborted' },
      attrs: { 'error.type': 'aborted' },
    });
    expect(reported).toMatchObject([{ code: 'ECONNRESET' }]);
  });

  it('a client that abandons a streaming response: aborted, not the premature close of the body', async () => {
    let sent = false;
    const url = await serve((ctx) => {
      ctx.body = new Readable({
        read() {
          if (!sent) this.push('first chunk');
          sent = true; // then nothing more: the client leaves
        },
      });
    });
    // Leaves as soon as the first chunk arrived; the server's body stream is still open.
    await new Promise<void>((resolve) => {
      const pending = request(`${url}/fail`, { agent: false }, (response) => {
        response.on('error', () => undefined);
        response.once('data', () => pending.destroy());
      });
      pending.on('error', () => undefined);
      pending.once('close', resolve);
      pending.end();
    });
    const [span] = await h.settle(1);
    expect(span).toMatchObject({
      status: { code: 'STATUS_CODE_ERROR', message: 'Request aborted' },
      attrs: { 'error.type': 'aborted', 'http.response.status_code': 200 },
    });
  });
});

describe.each(KOA_MAJORS)("koaMiddleware and Koa's default error logging on $name", ({ Framework }) => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });
  afterEach(() => {
    vi.restoreAllMocks();
    return h.close();
  });

  it('keeps it: an app without an error listener of its own still logs the error', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const app = new Framework();
    app.use(koaMiddleware(h.client));
    app.use(() => {
      throw FAILURE;
    });
    const url = await h.listen(app);
    await fetch(`${url}/first`);
    await fetch(`${url}/second`);
    await h.settle(2);
    const text = logged.mock.calls.flat().map(String).join('\n');
    expect(text.split(FAILURE.message).length - 1).toBeGreaterThanOrEqual(2);
  });
});
