import type { Server } from 'node:http';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import type { InMemoryTransport } from '@telemetryflow-internal/test-utils';
import type { TelemetryFlowClient } from '@telemetryflow/client';
import { ExpressTelemetryMiddleware, expressMiddleware } from '../src/index.js';
import type { ExpressHandler } from '../src/index.js';
import { baseUrlOf, closeServer, makeClient, metricPoints, receivedLogs, serverSpans } from './helpers.js';

describe('expressMiddleware options', () => {
  let server: Server | undefined;
  let client: TelemetryFlowClient;
  let transport: InMemoryTransport;

  afterEach(async () => {
    if (server) await closeServer(server);
    await client.shutdown(5_000);
  });

  /** Serves `GET /items/:id` (200) and `GET /fail` (500) behind `middleware`; returns the base URL. */
  const serve = async (middleware: ExpressHandler): Promise<string> => {
    const app = express();
    app.use(middleware);
    app.get('/items/:id', (_req, res) => res.send('item'));
    app.get('/fail', (_req, res) => res.status(500).send('fail'));
    server = app.listen(0, '127.0.0.1');
    return baseUrlOf(server);
  };

  it('records no duration, request count or error count when each is turned off', async () => {
    ({ client, transport } = makeClient());
    const url = await serve(
      expressMiddleware(client, {
        recordRequestDuration: false,
        recordRequestCount: false,
        recordErrorCount: false,
      }),
    );
    await fetch(`${url}/fail`);
    await client.shutdown(5_000);
    expect(transport.metrics()).toEqual([]);
    expect(receivedLogs(transport)).toEqual([]);
    expect(serverSpans(transport)).toHaveLength(1);
  });

  it('records the metrics and the error log when traces are disabled', async () => {
    ({ client, transport } = makeClient({ enableTraces: false }));
    const url = await serve(expressMiddleware(client));
    expect((await fetch(`${url}/fail`)).status).toBe(500);
    await client.shutdown(5_000);
    expect(serverSpans(transport)).toEqual([]);
    expect(metricPoints(transport, 'http.errors.total').map((p) => p.value)).toEqual([1]);
    expect(receivedLogs(transport).map((l) => l.message)).toEqual(['HTTP 500 error on GET /fail']);
  });

  it('records a request once when the middleware is mounted twice, as in an app and its sub-app', async () => {
    ({ client, transport } = makeClient());
    const admin = express();
    admin.use(expressMiddleware(client));
    admin.get('/users/:id', (_req, res) => res.send('admin user'));
    const app = express();
    app.use(expressMiddleware(client));
    app.use('/admin', admin);
    server = app.listen(0, '127.0.0.1');
    expect(await (await fetch(`${await baseUrlOf(server)}/admin/users/1`)).text()).toBe('admin user');
    await client.shutdown(5_000);
    expect(serverSpans(transport).map((s) => s['name'])).toEqual(['GET /admin/users/:id']);
  });

  it('names spans with spanNameFormatter and adds the attributes from attributesFromRequest', async () => {
    ({ client, transport } = makeClient());
    const url = await serve(
      expressMiddleware(client, {
        spanNameFormatter: ({ method, route, path }) => `${method} ${route ?? 'unmatched'} (${path})`,
        attributesFromRequest: (req) => ({ 'tenant.id': String(req.headers['x-tenant']) }),
      }),
    );
    await fetch(`${url}/items/9`, { headers: { 'x-tenant': 'acme' } });
    await client.shutdown(5_000);
    const [span] = serverSpans(transport);
    expect(span).toMatchObject({ name: 'GET /items/:id (/items/9)' });
    expect(span?.attrs['tenant.id']).toBe('acme');
  });

  it('keeps serving and falls back to the default name when the hooks throw', async () => {
    ({ client, transport } = makeClient());
    const url = await serve(
      expressMiddleware(client, {
        spanNameFormatter: () => {
          throw new Error('formatter bug');
        },
        attributesFromRequest: () => {
          throw new Error('attributes bug');
        },
      }),
    );
    expect((await fetch(`${url}/items/1`)).status).toBe(200);
    await client.shutdown(5_000);
    expect(serverSpans(transport)[0]).toMatchObject({ name: 'GET /items/:id' });
  });

  it('passes requests through untouched while the client is not initialized', async () => {
    ({ client, transport } = makeClient());
    await client.shutdown(5_000);
    const url = await serve(expressMiddleware(client));
    expect((await fetch(`${url}/items/1`)).status).toBe(200);
    expect(await (await fetch(`${url}/fail`)).text()).toBe('fail');
    expect(transport.delivered).toEqual([]);
  });

  it('keeps requests served when the client shuts down while they are in flight', async () => {
    ({ client, transport } = makeClient());
    const app = express();
    app.use(expressMiddleware(client));
    app.get('/shutdown-first', async (_req, res) => {
      await client.shutdown(5_000);
      res.status(500).send('served');
    });
    server = app.listen(0, '127.0.0.1');
    const response = await fetch(`${await baseUrlOf(server)}/shutdown-first`);
    expect(await response.text()).toBe('served');
  });
});

describe('ExpressTelemetryMiddleware', () => {
  it('mounts the middleware with initApp and exposes an error handler that passes errors on', async () => {
    const { client, transport } = makeClient();
    const app = express();
    const telemetry = new ExpressTelemetryMiddleware(client, undefined, { excludedPaths: ['/health'] });
    expect(telemetry.initApp(app)).toBe(telemetry);
    const failure = new Error('order store down');
    app.get('/orders/:id', () => {
      throw failure;
    });
    app.use(telemetry.errorHandler);
    const seen: unknown[] = [];
    app.use((error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      seen.push(error);
      res.status(503).send('down');
    });
    const server = app.listen(0, '127.0.0.1');
    expect((await fetch(`${await baseUrlOf(server)}/orders/1`)).status).toBe(503);
    await closeServer(server);
    await client.shutdown(5_000);
    expect(seen).toEqual([failure]);
    expect(serverSpans(transport)[0]).toMatchObject({
      name: 'GET /orders/:id',
      status: { code: 'STATUS_CODE_ERROR', message: 'order store down' },
    });
    expect(metricPoints(transport, 'http.errors.total')[0]?.attrs['http.response.status_code']).toBe(503);
  });

  it('registers on the app given to the constructor', async () => {
    const { client, transport } = makeClient();
    const app = express();
    const telemetry = new ExpressTelemetryMiddleware(client, app);
    expect(telemetry.handler.name).toBe('telemetryMiddleware');
    expect(telemetry.errorHandler).toHaveLength(4);
    app.get('/', (_req, res) => res.send('ok'));
    const server = app.listen(0, '127.0.0.1');
    await fetch(`${await baseUrlOf(server)}/`);
    await closeServer(server);
    await client.shutdown(5_000);
    expect(serverSpans(transport).map((s) => s['name'])).toEqual(['GET /']);
  });
});
