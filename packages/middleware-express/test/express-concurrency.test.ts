import express from 'express';
import express4 from 'express4';
import { describe, expect, it } from 'vitest';
import {
  closeServer,
  makeClient,
  metricPoints,
  receivedLogs,
  receivedSpans,
  serverSpans,
  total,
  traceparentFor,
} from './helpers.js';
import { startTestApp } from './test-app.js';

const REQUESTS = 100;

describe.each([
  { name: 'Express 4', express: express4, major: 4 as const },
  { name: 'Express 5', express, major: 5 as const },
])('expressMiddleware under 100 concurrent requests on $name', ({ express: framework, major }) => {
  it('yields one server span per request, each with its caller as parent and its own children, and matching metric totals', async () => {
    const { client, transport } = makeClient();
    const app = await startTestApp(framework, major, client);
    const callers = Array.from({ length: REQUESTS }, (_, i) => traceparentFor(i));
    const responses = await Promise.all(
      callers.map((caller, i) =>
        fetch(`${app.url}/api/users/${i}`, { headers: { traceparent: caller.header } }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(callers.map(() => 200));
    await closeServer(app.server);
    await client.shutdown(5_000);

    const servers = serverSpans(transport);
    expect(servers).toHaveLength(REQUESTS);
    const spans = receivedSpans(transport);
    const logs = receivedLogs(transport);
    for (const [i, caller] of callers.entries()) {
      const server = servers.find((s) => s.attrs['url.path'] === `/api/users/${i}`);
      expect(server).toMatchObject({
        name: 'GET /api/users/:id',
        traceId: caller.traceId,
        parentSpanId: caller.parentId,
        attrs: { 'http.route': '/api/users/:id', 'http.response.status_code': 200 },
      });
      const children = spans.filter((s) => s['parentSpanId'] === server?.['spanId']);
      expect(children.map((s) => [s['name'], s['traceId']]).sort()).toEqual([
        ['cache.lookup', caller.traceId],
        ['db.query', caller.traceId],
      ]);
      expect(logs.filter((l) => l['spanId'] === server?.['spanId'])).toHaveLength(2);
    }
    expect(logs).toHaveLength(2 * REQUESTS);

    const keyed = {
      'http.request.method': 'GET',
      'http.route': '/api/users/:id',
      'http.response.status_code': 200,
    };
    expect(metricPoints(transport, 'http.requests.total')).toEqual([{ attrs: keyed, value: REQUESTS }]);
    const durations = metricPoints(transport, 'http.server.request.duration');
    expect(durations).toEqual([{ attrs: { ...keyed, 'url.scheme': 'http' }, value: REQUESTS }]);
    expect(total(metricPoints(transport, 'http.errors.total'))).toBe(0);
  });
});
