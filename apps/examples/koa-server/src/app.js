import Koa from 'koa';
import Router from '@koa/router';
import { SpanKind } from '@telemetryflow/client';
import { koaMiddleware } from '@telemetryflow/middleware-koa';

/** @typedef {import('@telemetryflow/client').TelemetryFlowClient} TelemetryFlowClient */

const USERS = [
  { id: 1, name: 'Alice', email: 'alice@example.com' },
  { id: 2, name: 'Bob', email: 'bob@example.com' },
];

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The users routes, mounted under `/api/users`: their spans are `GET /api/users` and
 * `GET /api/users/:id`, whatever the id.
 *
 * @param {TelemetryFlowClient} client
 */
const usersRouter = (client) => {
  /** @param {string} operation */
  const query = (operation) =>
    client.span(
      'database.query.users',
      SpanKind.CLIENT,
      { 'db.system': 'postgresql', 'db.operation': operation, 'db.sql.table': 'users' },
      async (spanId) => {
        await sleep(20); // the query
        client.addSpanEvent(spanId, 'query_executed', { table: 'users' });
        return USERS;
      },
    );

  const users = new Router();
  users.get('/', async (ctx) => {
    const rows = await query('SELECT');
    client.logInfo('users fetched', { count: rows.length });
    ctx.body = { users: rows };
  });
  users.get('/:id', async (ctx) => {
    const rows = await query('SELECT');
    const user = rows.find((u) => String(u.id) === ctx.params['id']);
    if (user === undefined) {
      ctx.status = 404;
      ctx.body = { error: 'User not found' };
      return;
    }
    client.logInfo('user fetched', { 'user.id': user.id });
    ctx.body = user;
  });
  return users;
};

/**
 * The example's Koa app: every request is a server span (except `/health`) named after its
 * @koa/router route, with the HTTP metrics; handlers add child spans and logs that nest under it.
 *
 * @param {TelemetryFlowClient} client an initialized client
 * @returns {Koa}
 * @example
 * ```js
 * createApp(client).listen(8080);
 * ```
 */
export function createApp(client) {
  const app = new Koa();
  app.use(koaMiddleware(client, { excludedPaths: ['/health'] })); // first

  // Answers errors as JSON, then re-emits them as Koa recommends: Koa's logger (or your
  // `app.on('error')` listener) and the server span both see them.
  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      ctx.status = 500;
      ctx.body = { error: 'Internal server error' };
      ctx.app.emit('error', error, ctx);
    }
  });

  const api = new Router({ prefix: '/api' });
  api.use('/users', usersRouter(client).routes());

  const root = new Router();
  root.get('/', (ctx) => {
    ctx.body = { message: 'Welcome to TelemetryFlow Koa Server!' };
  });
  root.get('/health', (ctx) => {
    ctx.body = { status: 'healthy' };
  });
  root.get('/status', (ctx) => {
    ctx.body = client.getStatus();
  });
  root.get('/error', () => {
    throw new Error('Simulated error');
  });

  app.use(root.routes());
  app.use(api.routes());
  app.use(api.allowedMethods());
  return app;
}
