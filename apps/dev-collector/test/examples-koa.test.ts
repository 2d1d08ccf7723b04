import { createServer } from 'node:http';
import type { RequestListener } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createApp } from '@telemetryflow-internal/example-koa-server';
import { requestEach, useExampleCollector } from './support/example-collector.js';

/** What the test uses of the example's Koa app (plain JavaScript: Koa's types are not installed here). */
interface KoaApp {
  silent: boolean;
  callback(): RequestListener;
}

const examples = useExampleCollector();

describe('the koa-server example, run against the dev collector in-process', () => {
  it('server spans named after the @koa/router templates, the 500 marked ERROR, /health not traced', async () => {
    const client = examples.client('example-koa');
    const app = createApp(client) as unknown as KoaApp;
    app.silent = true; // Koa's default error logger: /error is expected
    const server = createServer(app.callback()).listen(0, '127.0.0.1');
    const paths = ['/', '/api/users', '/api/users/2', '/api/users/9', '/error', '/health'];
    const statuses = await requestEach(server, client, paths);
    expect(statuses).toEqual([200, 200, 200, 404, 500, 200]);

    const { spans, servers } = examples.spansOf('example-koa');
    expect(servers.map((s) => [s.name, s.attributes['http.route']]).sort()).toEqual([
      ['GET /', '/'],
      ['GET /api/users', '/api/users'],
      ['GET /api/users/:id', '/api/users/:id'],
      ['GET /api/users/:id', '/api/users/:id'],
      ['GET /error', '/error'],
    ]);
    const failed = servers.find((s) => s.name === 'GET /error');
    expect(failed).toMatchObject({ status: 'error', statusMessage: 'Simulated error' });
    expect(failed?.events.map((e) => e.name)).toEqual(['exception']);
    // The handlers' child spans nest under the server spans.
    const queries = spans.filter((s) => s.name === 'database.query.users');
    expect(queries).toHaveLength(3);
    const serverIds = new Set(servers.map((s) => s.spanId));
    expect(queries.every((q) => q.parentSpanId !== undefined && serverIds.has(q.parentSpanId))).toBe(true);
  });
});
