import type { Server } from 'node:http';
import express from 'express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import express4 from 'express4';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AMPLE_MS,
  baseUrlOf,
  closeServer,
  inMemoryClient,
  serverSpans,
  waitFor,
} from '@telemetryflow-internal/test-utils';
import type { InMemoryTransport } from '@telemetryflow-internal/test-utils';
import { TelemetryFlowClient } from '@telemetryflow/client';
import { expressErrorHandler, expressMiddleware } from '../src/index.js';

// What every adapter does (route templates, status, attributes, metrics, traceparent, aborts, …)
// is checked for Express 4 and 5 by tools/middleware-conformance; here, how errors travel
// through Express's `next` chain.

const SYNC_ERROR = new Error('sync handler failed');
const ASYNC_ERROR = new TypeError('async handler failed');
const NESTED_ERROR = new RangeError('nested handler failed');

describe.each([
  { name: 'Express 4', framework: express4, major: 4 },
  { name: 'Express 5', framework: express, major: 5 },
])('expressMiddleware error flow on $name', ({ framework, major }) => {
  let client: TelemetryFlowClient;
  let transport: InMemoryTransport;
  let server: Server;
  let url: string;
  const errorsSeen: unknown[] = [];

  beforeEach(async () => {
    ({ client, transport } = inMemoryClient(TelemetryFlowClient));
    client.initialize();
    errorsSeen.length = 0;
    const app = framework();
    app.use(expressMiddleware(client));
    app.get('/boom/sync', () => {
      throw SYNC_ERROR;
    });
    const failLater = async (): Promise<void> => {
      await Promise.resolve();
      throw ASYNC_ERROR;
    };
    // Express 5 catches a rejected promise; on Express 4 the handler hands it to `next`.
    const asyncRoute: RequestHandler = (_req, _res, next) =>
      major === 5 ? failLater() : void failLater().catch(next);
    app.get('/boom/async', asyncRoute);
    const users = framework.Router();
    users.get('/:id/fail', () => {
      throw NESTED_ERROR;
    });
    app.use('/api/users', users);
    app.use(expressErrorHandler());
    app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
      errorsSeen.push(error);
      res.status(500).json({ error: (error as Error).message });
    });
    server = app.listen(0, '127.0.0.1');
    url = await baseUrlOf(server);
  });

  afterEach(async () => {
    await closeServer(server);
    await client.shutdown(AMPLE_MS);
  });

  it.each([
    { kind: 'sync', path: '/boom/sync', error: SYNC_ERROR, route: '/boom/sync' },
    { kind: 'async', path: '/boom/async', error: ASYNC_ERROR, route: '/boom/async' },
    // Express restores req.baseUrl when the error leaves the router: the template keeps its prefix.
    { kind: 'nested router', path: '/api/users/3/fail', error: NESTED_ERROR, route: '/api/users/:id/fail' },
  ])(
    'hands a $kind handler error unchanged to the app error middleware, past expressErrorHandler',
    async ({ path, error, route }) => {
      const response = await fetch(`${url}${path}`);
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ error: error.message });
      expect(errorsSeen).toEqual([error]);
      expect(errorsSeen[0]).toBe(error);
      await waitFor(() => serverSpans(transport).length > 0, 'the server span');
      expect(serverSpans(transport)).toMatchObject([
        { name: `GET ${route}`, status: { code: 'STATUS_CODE_ERROR', message: error.message } },
      ]);
    },
  );
});
