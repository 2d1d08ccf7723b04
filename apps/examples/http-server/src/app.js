import express from 'express';
import { SpanKind } from '@telemetryflow/client';
import { expressErrorHandler, expressMiddleware } from '@telemetryflow/middleware-express';

/** @typedef {import('@telemetryflow/client').TelemetryFlowClient} TelemetryFlowClient */

const USERS = [
  { id: 1, name: 'Alice', email: 'alice@example.com' },
  { id: 2, name: 'Bob', email: 'bob@example.com' },
];

const ORDERS = [
  { id: 101, userId: 1, total: 99.99, status: 'shipped' },
  { id: 102, userId: 2, total: 149.99, status: 'pending' },
];

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The example's Express app: every request is a server span (except `/health`), with the HTTP
 * metrics; handlers add child spans and logs that nest under it.
 *
 * @param {TelemetryFlowClient} client an initialized client
 * @returns {import('express').Express}
 * @example
 * ```js
 * createApp(client).listen(8080);
 * ```
 */
export function createApp(client) {
  const app = express();
  app.use(expressMiddleware(client, { excludedPaths: ['/health'] }));

  app.get('/', (_req, res) => {
    res.json({ message: 'Welcome to TelemetryFlow HTTP Server!' });
  });

  app.get('/api/users', async (_req, res) => {
    const users = await client.span(
      'database.query.users',
      SpanKind.CLIENT,
      { 'db.system': 'postgresql', 'db.operation': 'SELECT', 'db.sql.table': 'users' },
      async (spanId) => {
        await sleep(50); // the query
        client.addSpanEvent(spanId, 'query_executed', { table: 'users' });
        return USERS;
      },
    );
    client.logInfo('users fetched', { count: users.length });
    res.json({ users });
  });

  app.get('/api/orders', async (_req, res) => {
    const cacheHit = await client.span('cache.lookup.orders', SpanKind.CLIENT, async (spanId) => {
      await sleep(10);
      client.addSpanEvent(spanId, 'cache_checked', { hit: true });
      return true;
    });
    if (!cacheHit) {
      await client.span('database.query.orders', SpanKind.CLIENT, () => sleep(80));
    }
    client.logInfo('orders fetched', { count: ORDERS.length, cached: cacheHit });
    res.json({ orders: ORDERS });
  });

  app.get('/health', (_req, res) => {
    res.json({ status: 'healthy' });
  });

  app.get('/status', (_req, res) => {
    res.json(client.getStatus());
  });

  app.get('/error', () => {
    throw new Error('Simulated error');
  });

  // Shows thrown errors to the server span, then hands them on unchanged.
  app.use(expressErrorHandler());
  app.use(
    /** @type {import('express').ErrorRequestHandler} */
    (_error, _req, res, _next) => {
      res.status(500).json({ error: 'Internal server error' });
    },
  );
  return app;
}
