import { once } from 'node:events';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestClient, logs, metricPoints, reset, spans } from '@telemetryflow/testing';
import { createApp } from '../src/app.js';

// The example app with a test client: telemetry goes to memory (no collector), and every read
// flushes the client first, so nothing here sleeps or polls.
const client = createTestClient({ serviceName: 'http-server-example' });
const app = createApp(client);

/**
 * Serves the app on an ephemeral port for one request. Resolves once the server has closed,
 * that is once the response has finished: its SERVER span has ended.
 * @param {string} path
 * @param {Record<string, string>} [headers]
 */
const get = async (path, headers = {}) => {
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  try {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, { headers });
    return { status: response.status, body: await response.json() };
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
};

beforeEach(() => reset());
afterAll(() => client.shutdown());

describe('the http-server example, asserted with @telemetryflow/testing', () => {
  it('GET /api/users: a SERVER span, a database CLIENT child with its event, an info log in the request', async () => {
    const { status, body } = await get('/api/users');
    expect(status).toBe(200);
    expect(body.users).toHaveLength(2);

    const [server] = await spans({ name: 'GET /api/users' });
    expect(server).toMatchObject({
      kind: 'server',
      status: 'unset',
      serviceName: 'http-server-example',
      attributes: { 'http.route': '/api/users', 'http.response.status_code': 200 },
    });
    const db = await spans({ name: 'database.query.users', parentSpanId: server.spanId });
    expect(db).toMatchObject([{ kind: 'client', attributes: { 'db.system': 'postgresql' } }]);
    expect(db[0].events.map((e) => e.name)).toEqual(['query_executed']);
    expect(await logs({ body: 'users fetched', severity: 'info' })).toMatchObject([
      { traceId: server.traceId, spanId: server.spanId, attributes: { count: 2 } },
    ]);
  });

  it('GET /health records nothing (excluded)', async () => {
    expect((await get('/health')).status).toBe(200);
    expect(await spans()).toEqual([]);
    expect(await metricPoints('http.requests.total')).toEqual([]);
  });

  it('GET /error: the span is an ERROR with the exception, a 500 error log, the error counter', async () => {
    expect((await get('/error')).status).toBe(500);
    const [server] = await spans({ name: 'GET /error' });
    expect(server).toMatchObject({ status: 'error', statusMessage: 'Simulated error' });
    expect(server.events.map((e) => e.name)).toEqual(['exception']);
    expect(await logs({ severity: 'error', body: /^HTTP 500 error on GET \/error/ })).toMatchObject([
      { spanId: server.spanId },
    ]);
    expect(await metricPoints('http.errors.total', { 'http.route': '/error' })).toMatchObject([{ value: 1 }]);
  });

  it("continues the caller's trace from its traceparent", async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    await get('/', { traceparent: `00-${traceId}-00f067aa0ba902b7-01` });
    expect(await spans({ name: 'GET /', traceId, parentSpanId: '00f067aa0ba902b7' })).toHaveLength(1);
  });

  it("answers the client's read queries from what the app exported", async () => {
    await get('/api/users');
    await get('/api/orders');
    await get('/api/orders');

    const [orders] = await client.searchTraces({ operationName: 'GET /api/orders', limit: 1 });
    expect(orders.spans.map((s) => s.name)).toEqual(['GET /api/orders', 'cache.lookup.orders']);
    const trace = await client.getTrace(orders.traceId);
    expect(trace?.spans).toHaveLength(2);
    expect((await client.searchTraces({ serviceName: 'http-server-example' })).length).toBe(3);

    expect(await client.getMetric('http.requests.total', { 'http.route': '/api/orders' })).toMatchObject({
      value: 2,
    });
    expect(await client.getMetric('http.requests.total')).toMatchObject({ value: 3 });
    expect(await client.aggregateMetrics('http.server.request.duration')).toMatchObject({
      count: 3,
      unit: 's',
    });

    const orderLogs = await client.getLogs({ text: 'orders fetched' });
    expect(orderLogs.totalCount).toBe(2);
    expect((await client.getLogs({ traceId: orders.traceId })).logs).toMatchObject([
      { message: 'orders fetched', severity: 'info', attributes: { count: 2, cached: true } },
    ]);
  });
});
