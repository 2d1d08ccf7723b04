import { describe, expect, it } from 'vitest';
import { startServer } from '@telemetryflow-internal/example-hono-server';
import { requestEach, useExampleCollector } from './support/example-collector.js';

const examples = useExampleCollector();

describe('the hono-server example, run against the dev collector in-process', () => {
  it('server spans named by route template (sub-app included), the 500 marked ERROR, /health not traced', async () => {
    const client = examples.client('example-hono');
    const server = startServer(client, { port: 0, hostname: '127.0.0.1' }); // on @hono/node-server
    const paths = ['/', '/api/users', '/api/users/2', '/api/users/9', '/error', '/health'];
    const statuses = await requestEach(server, client, paths);
    expect(statuses).toEqual([200, 200, 200, 404, 500, 200]);

    const { spans, servers } = examples.spansOf('example-hono');
    expect(servers.map((s) => [s.name, s.attributes['http.route']]).sort()).toEqual([
      ['GET /', '/'],
      ['GET /api/users', '/api/users'],
      ['GET /api/users/:id', '/api/users/:id'],
      ['GET /api/users/:id', '/api/users/:id'],
      ['GET /error', '/error'],
    ]);
    expect(servers.filter((s) => s.status === 'error').map((s) => s.name)).toEqual(['GET /error']);
    // The handlers' spans are children of their request's span.
    const lookups = spans.filter((s) => s.name === 'database.query.user');
    expect(lookups.map((s) => servers.some((p) => p.spanId === s.parentSpanId))).toEqual([true, true]);
  });
});
