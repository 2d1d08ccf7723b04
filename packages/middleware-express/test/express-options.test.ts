import express from 'express';
import { describe, expect, it } from 'vitest';
import {
  AMPLE_MS,
  baseUrlOf,
  closeServer,
  inMemoryClient,
  metricPoints,
  serverSpans,
  waitFor,
} from '@telemetryflow-internal/test-utils';
import { TelemetryFlowClient } from '@telemetryflow/client';
import { ExpressTelemetryMiddleware, expressMiddleware } from '../src/index.js';

// The options every adapter shares are checked by tools/middleware-conformance; here, the
// Express-only ways of mounting the middleware.

describe('expressMiddleware mounting', () => {
  it('records a request once when the middleware is mounted twice, as in an app and its sub-app', async () => {
    const { client, transport } = inMemoryClient(TelemetryFlowClient);
    client.initialize();
    const admin = express();
    admin.use(expressMiddleware(client));
    admin.get('/users/:id', (_req, res) => res.send('admin user'));
    const app = express();
    app.use(expressMiddleware(client));
    app.use('/admin', admin);
    const server = app.listen(0, '127.0.0.1');
    expect(await (await fetch(`${await baseUrlOf(server)}/admin/users/1`)).text()).toBe('admin user');
    await waitFor(() => serverSpans(transport).length > 0, 'the server span');
    await closeServer(server);
    await client.shutdown(AMPLE_MS);
    expect(serverSpans(transport).map((s) => s['name'])).toEqual(['GET /admin/users/:id']);
  });
});

describe('ExpressTelemetryMiddleware', () => {
  it('mounts the middleware with initApp and exposes an error handler that passes errors on', async () => {
    const { client, transport } = inMemoryClient(TelemetryFlowClient);
    client.initialize();
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
    await waitFor(() => serverSpans(transport).length > 0, 'the server span');
    await closeServer(server);
    await client.shutdown(AMPLE_MS);
    expect(seen).toEqual([failure]);
    expect(serverSpans(transport)[0]).toMatchObject({
      name: 'GET /orders/:id',
      status: { code: 'STATUS_CODE_ERROR', message: 'order store down' },
    });
    expect(metricPoints(transport, 'http.errors.total')[0]?.attrs['http.response.status_code']).toBe(503);
  });

  it('registers on the app given to the constructor', async () => {
    const { client, transport } = inMemoryClient(TelemetryFlowClient);
    client.initialize();
    const app = express();
    const telemetry = new ExpressTelemetryMiddleware(client, app);
    expect(telemetry.handler.name).toBe('telemetryMiddleware');
    expect(telemetry.errorHandler).toHaveLength(4);
    app.get('/', (_req, res) => res.send('ok'));
    const server = app.listen(0, '127.0.0.1');
    await fetch(`${await baseUrlOf(server)}/`);
    await waitFor(() => serverSpans(transport).length > 0, 'the server span');
    await closeServer(server);
    await client.shutdown(AMPLE_MS);
    expect(serverSpans(transport).map((s) => s['name'])).toEqual(['GET /']);
  });
});
