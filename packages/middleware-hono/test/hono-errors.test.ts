import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { metricPoints } from '@telemetryflow-internal/test-utils';
import { honoTelemetry } from '../src/index.js';
import { eventsOf, listen, recording, statusOf } from './harness.js';
import type { Served } from './harness.js';

// The conformance suite runs with an app.onError answering 500; here, the other ways Hono answers
// errors, which the middleware only observes.

describe('honoTelemetry: errors Hono handles', () => {
  let served: Served | undefined;

  afterEach(async () => {
    await served?.close();
    served = undefined;
    vi.restoreAllMocks();
  });

  it("without app.onError: Hono's default handler answers 500, and the span has the exception", async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { client, settle } = recording();
    const failure = new TypeError('db refused');
    const app = new Hono();
    app.use(honoTelemetry(client));
    app.get('/users/:id', () => {
      throw failure;
    });
    served = await listen(app);
    const answer = await fetch(`${served.baseUrl}/users/7`);
    expect([answer.status, await answer.text()]).toEqual([500, 'Internal Server Error']);
    expect(logged).toHaveBeenCalledWith(failure); // Hono's own handling, unchanged
    const [span] = await settle(1);
    expect(statusOf(span)).toEqual({ code: 'STATUS_CODE_ERROR', message: 'db refused' });
    expect(span?.attrs['error.type']).toBe('TypeError');
    expect(eventsOf(span)).toMatchObject([{ name: 'exception', attrs: { 'exception.type': 'TypeError' } }]);
  });

  it('an HTTPException: the response it carries, an UNSET span keeping the exception as an event', async () => {
    const { client, transport, settle } = recording();
    const app = new Hono();
    app.use(honoTelemetry(client));
    app.get('/private', () => {
      throw new HTTPException(401, { message: 'token expired' });
    });
    served = await listen(app);
    const answer = await fetch(`${served.baseUrl}/private`);
    expect([answer.status, await answer.text()]).toEqual([401, 'token expired']);
    const [span] = await settle(1);
    expect(statusOf(span).code).toBe('STATUS_CODE_UNSET');
    expect(span?.attrs['error.type']).toBeUndefined();
    expect(eventsOf(span)).toMatchObject([
      { name: 'exception', attrs: { 'exception.message': 'token expired' } },
    ]);
    expect(metricPoints(transport, 'http.errors.total')).toMatchObject([
      { attrs: { 'http.response.status_code': 401 }, value: 1 },
    ]);
  });

  it('a thrown value that is not an Error: Hono hands it on, @hono/node-server answers 500', async () => {
    const { client, settle } = recording();
    const app = new Hono();
    app.use(honoTelemetry(client));
    app.onError((_error, c) => c.text('never called: not an Error', 418));
    app.get('/odd', () => {
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- the case under test
      throw 'a string';
    });
    served = await listen(app);
    expect((await fetch(`${served.baseUrl}/odd`)).status).toBe(500);
    const [span] = await settle(1);
    expect(span).toMatchObject({
      name: 'GET /odd',
      attrs: { 'http.response.status_code': 500, 'error.type': '_OTHER' },
    });
    expect(statusOf(span).code).toBe('STATUS_CODE_ERROR');
  });
});
