import { request } from 'node:http';
import express from 'express';
import express4 from 'express4';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InMemoryTransport } from '@telemetryflow-internal/test-utils';
import type { TelemetryFlowClient } from '@telemetryflow/client';
import {
  closeServer,
  makeClient,
  metricPoints,
  postInChunks,
  receivedLogs,
  receivedSpans,
  serverSpans,
  traceparentFor,
  unitOf,
} from './helpers.js';
import { ASYNC_ERROR, NESTED_ERROR, SYNC_ERROR, startTestApp } from './test-app.js';
import type { TestApp } from './test-app.js';

type Obj = Record<string, unknown>;

describe.each([
  { name: 'Express 4', express: express4, major: 4 as const },
  { name: 'Express 5', express, major: 5 as const },
])('expressMiddleware on $name', ({ express: framework, major }) => {
  let client: TelemetryFlowClient;
  let transport: InMemoryTransport;
  let app: TestApp;

  beforeEach(async () => {
    ({ client, transport } = makeClient());
    app = await startTestApp(framework, major, client);
  });

  afterEach(async () => {
    await closeServer(app.server);
    await client.shutdown(5_000);
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${app.url}${path}`, { headers: { 'user-agent': 'middleware-tests/1.0', ...headers } });

  it('names the server span after the route template and sets the stable HTTP attributes', async () => {
    expect((await get('/api/users/7?verbose=1')).status).toBe(200);
    await client.shutdown(5_000);
    const [span] = serverSpans(transport);
    expect(span).toMatchObject({ name: 'GET /api/users/:id', status: { code: 'STATUS_CODE_OK' } });
    expect(span?.attrs).toEqual({
      'http.request.method': 'GET',
      'http.route': '/api/users/:id',
      'http.response.status_code': 200,
      'url.path': '/api/users/7',
      'url.scheme': 'http',
      'server.address': '127.0.0.1',
      'server.port': Number(new URL(app.url).port),
      'user_agent.original': 'middleware-tests/1.0',
      'network.protocol.version': '1.1',
    });
  });

  it('joins the mount paths of nested routers into the template', async () => {
    await get('/api/orgs/teams/5/members');
    await client.shutdown(5_000);
    expect(serverSpans(transport)[0]).toMatchObject({ name: 'GET /api/orgs/teams/:teamId/members' });
    expect(serverSpans(transport)[0]?.attrs['http.route']).toBe('/api/orgs/teams/:teamId/members');
  });

  it('names an unmatched request by its method alone, with no http.route, and leaves its 404 UNSET', async () => {
    expect((await get('/no/such/page')).status).toBe(404);
    await client.shutdown(5_000);
    const [span] = serverSpans(transport);
    expect(span).toMatchObject({ name: 'GET', status: { code: 'STATUS_CODE_UNSET' } });
    expect(span?.attrs).not.toHaveProperty('http.route');
    expect(metricPoints(transport, 'http.requests.total')).toEqual([
      { attrs: { 'http.request.method': 'GET', 'http.response.status_code': 404 }, value: 1 },
    ]);
  });

  it('passes excluded paths through without telemetry, matching exactly or by prefix', async () => {
    for (const path of ['/health', '/internal/jobs', '/internal']) expect((await get(path)).status).toBe(200);
    await client.shutdown(5_000);
    expect(receivedSpans(transport).map((s) => s.attrs['url.path'])).toEqual(['/internal']);
    expect(metricPoints(transport, 'http.requests.total').map((p) => p.value)).toEqual([1]);
  });

  it('continues the caller trace given in traceparent and tracestate', async () => {
    const { traceId, parentId, header } = traceparentFor(41);
    await get('/', { traceparent: header, tracestate: 'vendor=abc' });
    await client.shutdown(5_000);
    expect(serverSpans(transport)[0]).toMatchObject({
      name: 'GET /',
      traceId,
      parentSpanId: parentId,
      traceState: 'vendor=abc',
    });
  });

  it('makes spans and logs of the handler, before and after awaits, children of the server span', async () => {
    await get('/api/users/3');
    await client.shutdown(5_000);
    const [server] = serverSpans(transport);
    const children = receivedSpans(transport).filter((s) => s['kind'] === 'SPAN_KIND_CLIENT');
    expect(children.map((s) => s['name']).sort()).toEqual(['cache.lookup', 'db.query']);
    for (const child of children) {
      expect(child).toMatchObject({ traceId: server?.['traceId'], parentSpanId: server?.['spanId'] });
    }
    const logs = receivedLogs(transport);
    expect(logs.map((l) => l.message)).toEqual(['looking up user', 'user loaded']);
    for (const log of logs)
      expect(log).toMatchObject({ traceId: server?.['traceId'], spanId: server?.['spanId'] });
  });

  it('keeps the server span active in a handler that runs after a body parser read the body', async () => {
    const response = await postInChunks(`${app.url}/api/users`, JSON.stringify({ name: 'Ada Lovelace' }));
    expect(response).toEqual({ status: 201, text: '{"name":"Ada Lovelace"}' });
    await client.shutdown(5_000);
    const [server] = serverSpans(transport);
    expect(server).toMatchObject({ name: 'POST /api/users' });
    const insert = receivedSpans(transport).find((s) => s['name'] === 'db.insert');
    expect(insert).toMatchObject({ parentSpanId: server?.['spanId'], traceId: server?.['traceId'] });
  });

  it('marks a returned 5xx ERROR, counts it as an error and logs it in the span', async () => {
    expect((await get('/status/503')).status).toBe(503);
    await client.shutdown(5_000);
    const [span] = serverSpans(transport);
    expect(span).toMatchObject({
      name: 'GET /status/:code',
      status: { code: 'STATUS_CODE_ERROR', message: 'HTTP 503' },
    });
    const keyed = {
      'http.request.method': 'GET',
      'http.route': '/status/:code',
      'http.response.status_code': 503,
    };
    expect(metricPoints(transport, 'http.errors.total')).toEqual([{ attrs: keyed, value: 1 }]);
    const [log] = receivedLogs(transport);
    expect(log).toMatchObject({
      message: 'HTTP 503 error on GET /status/:code',
      severityNumber: 'SEVERITY_NUMBER_ERROR',
      spanId: span?.['spanId'],
    });
    expect(log?.attrs).toMatchObject(keyed);
  });

  it('leaves a returned 4xx UNSET and counts it as an error without an error log', async () => {
    expect((await get('/status/418')).status).toBe(418);
    await client.shutdown(5_000);
    expect(serverSpans(transport)[0]).toMatchObject({ status: { code: 'STATUS_CODE_UNSET' } });
    expect(metricPoints(transport, 'http.errors.total').map((p) => p.value)).toEqual([1]);
    expect(receivedLogs(transport)).toEqual([]);
  });

  it.each([
    { kind: 'sync', path: '/boom/sync', error: SYNC_ERROR },
    { kind: 'async', path: '/boom/async', error: ASYNC_ERROR },
  ])(
    'hands a $kind handler error unchanged to the app error middleware and records it on the span',
    async ({ path, error }) => {
      const response = await get(path);
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ error: error.message });
      expect(app.errorsSeen).toEqual([error]);
      expect(app.errorsSeen[0]).toBe(error);
      await client.shutdown(5_000);
      const [span] = serverSpans(transport);
      expect(span).toMatchObject({ status: { code: 'STATUS_CODE_ERROR', message: error.message } });
      const events = (span?.['events'] ?? []) as Obj[];
      expect(events.map((e) => e['name'])).toEqual(['exception']);
    },
  );

  it('keeps the full template of a route whose error leaves its router', async () => {
    expect((await get('/api/users/3/fail')).status).toBe(500);
    expect(app.errorsSeen).toEqual([NESTED_ERROR]);
    await client.shutdown(5_000);
    expect(serverSpans(transport)[0]).toMatchObject({ name: 'GET /api/users/:id/fail' });
  });

  it('records the request duration in seconds, keyed by route template and scheme', async () => {
    await get('/api/users/1');
    await get('/api/users/2');
    await client.shutdown(5_000);
    expect(unitOf(transport, 'http.server.request.duration')).toBe('s');
    expect(metricPoints(transport, 'http.server.request.duration')).toEqual([
      {
        attrs: {
          'http.request.method': 'GET',
          'http.route': '/api/users/:id',
          'http.response.status_code': 200,
          'url.scheme': 'http',
        },
        value: 2,
      },
    ]);
  });

  it('records a request the client abandons once, as ERROR, when the connection closes', async () => {
    const pending = request(`${app.url}/slow`);
    pending.on('error', () => undefined);
    pending.end();
    await app.slowStarted;
    pending.destroy();
    await app.slowClosed;
    app.releaseSlow();
    await new Promise((resolve) => setImmediate(resolve));
    await client.shutdown(5_000);
    const spans = serverSpans(transport);
    expect(spans).toHaveLength(1);
    expect(spans[0]).toMatchObject({
      name: 'GET /slow',
      status: { code: 'STATUS_CODE_ERROR', message: 'Request aborted' },
    });
    expect(metricPoints(transport, 'http.requests.total')).toEqual([
      { attrs: { 'http.request.method': 'GET', 'http.route': '/slow' }, value: 1 },
    ]);
  });

  it('keeps serving after the client was shut down (a SIGTERM handler ran): telemetry stops, handlers still run', async () => {
    await client.shutdown(5_000);
    const responses = await Promise.all(['/api/users/1', '/api/users/2'].map((path) => get(path)));
    expect(responses.map((r) => r.status)).toEqual([200, 200]);
    expect(await responses[0]?.json()).toEqual({ id: '1' });
    expect(serverSpans(transport)).toEqual([]);
    expect(client.getStatus().signals.traces).toMatchObject({ exported: 0, invalid: 0 });
  });
});
