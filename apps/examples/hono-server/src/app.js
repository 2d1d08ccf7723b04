import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { SpanKind } from '@telemetryflow/client';
import { honoTelemetry } from '@telemetryflow/middleware-hono';

/** @typedef {import('@telemetryflow/client').TelemetryFlowClient} TelemetryFlowClient */

const USERS = [
  { id: 1, name: 'Alice', email: 'alice@example.com' },
  { id: 2, name: 'Bob', email: 'bob@example.com' },
];

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The `/api/users` routes, as a sub-app: mounted with `app.route()`, their templates keep the mount
 * path (`GET /api/users/:id`).
 *
 * @param {TelemetryFlowClient} client
 */
const usersApp = (client) => {
  const users = new Hono();

  users.get('/', async (c) => {
    const found = await client.span(
      'database.query.users',
      SpanKind.CLIENT,
      { 'db.system': 'postgresql', 'db.operation': 'SELECT', 'db.sql.table': 'users' },
      async (spanId) => {
        await sleep(50); // the query
        client.addSpanEvent(spanId, 'query_executed', { table: 'users' });
        return USERS;
      },
    );
    client.logInfo('users fetched', { count: found.length });
    return c.json({ users: found });
  });

  users.get('/:id', async (c) => {
    const id = Number(c.req.param('id'));
    const user = await client.span('database.query.user', SpanKind.CLIENT, () =>
      USERS.find((u) => u.id === id),
    );
    if (user === undefined) return c.json({ error: 'User not found' }, 404);
    return c.json(user);
  });

  return users;
};

/**
 * The example's Hono app: every request is a server span (except `/health`), with the HTTP
 * metrics; handlers add child spans and logs that nest under it.
 *
 * @param {TelemetryFlowClient} client an initialized client
 * @returns {Hono}
 * @example
 * ```js
 * serve({ fetch: createApp(client).fetch, port: 8080 }); // @hono/node-server
 * ```
 */
export function createApp(client) {
  const app = new Hono();
  app.use(honoTelemetry(client, { excludedPaths: ['/health'] }));

  app.get('/', (c) => c.json({ message: 'Welcome to TelemetryFlow Hono Server!' }));
  app.route('/api/users', usersApp(client));
  app.get('/health', (c) => c.json({ status: 'healthy' }));
  app.get('/status', (c) => c.json(client.getStatus()));
  app.get('/error', () => {
    throw new Error('Simulated error');
  });

  // Your error handling, unchanged: the middleware records the error on the span all the same.
  app.onError((_error, c) => c.json({ error: 'Internal server error' }, 500));
  return app;
}

/**
 * Serves `createApp(client)` with @hono/node-server.
 *
 * @param {TelemetryFlowClient} client an initialized client
 * @param {{ port?: number, hostname?: string }} [options] port 0 picks a free one
 * @returns {import('node:http').Server} listening (or about to: wait for `listening`)
 */
export function startServer(client, { port = 8080, hostname = '127.0.0.1' } = {}) {
  return /** @type {import('node:http').Server} */ (
    serve({ fetch: createApp(client).fetch, port, hostname })
  );
}
