import type { Server } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createApp } from '@telemetryflow-internal/example-nestjs-server';
import { requestEach, useExampleCollector } from './support/example-collector.js';

const examples = useExampleCollector();

describe('the nestjs-server example, run against the dev collector in-process', () => {
  it('server spans named after the Nest route templates, the 500 marked ERROR, /health not traced', async () => {
    const client = examples.client('example-nestjs');
    const app = await createApp(client, { logger: false });
    await app.listen(0, '127.0.0.1');
    const paths = [
      '/',
      '/api/users',
      '/api/users/2',
      '/api/users/9',
      '/api/orgs/acme/orders/101',
      '/error',
      '/health',
    ];
    const statuses = await requestEach(app.getHttpServer() as Server, client, paths);
    await app.close();
    expect(statuses).toEqual([200, 200, 200, 404, 200, 500, 200]);

    const { spans, servers } = examples.spansOf('example-nestjs');
    expect(servers.map((s) => [s.name, s.attributes['http.route']]).sort()).toEqual([
      ['GET /', '/'],
      ['GET /api/orgs/:org/orders/:id', '/api/orgs/:org/orders/:id'],
      ['GET /api/users', '/api/users'],
      ['GET /api/users/:id', '/api/users/:id'],
      ['GET /api/users/:id', '/api/users/:id'],
      ['GET /error', '/error'],
    ]);
    const failed = servers.find((s) => s.name === 'GET /error');
    expect(failed).toMatchObject({ status: 'error', statusMessage: 'Simulated error' });
    expect(failed?.events.map((e) => e.name)).toEqual(['exception']);
    // Nest's 404 for an unknown user: UNSET, the NotFoundException kept as an event.
    const unknown = servers.find((s) => s.attributes['url.path'] === '/api/users/9');
    expect(unknown).toMatchObject({ status: 'unset', attributes: { 'http.response.status_code': 404 } });
    expect(unknown?.events.map((e) => e.name)).toEqual(['exception']);
    // The handlers' child spans nest under the server spans.
    const queries = spans.filter((s) => s.name === 'database.query.users');
    expect(queries).toHaveLength(3);
    const serverIds = new Set(servers.map((s) => s.spanId));
    expect(queries.every((q) => q.parentSpanId !== undefined && serverIds.has(q.parentSpanId))).toBe(true);
  });
});
