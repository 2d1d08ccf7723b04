import type { Server } from 'node:http';
import express from 'express';
import express4 from 'express4';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AMPLE_MS,
  baseUrlOf,
  closeServer,
  inMemoryClient,
  serverSpans,
} from '@telemetryflow-internal/test-utils';
import { TelemetryFlowClient } from '@telemetryflow/client';
import { expressMiddleware, recordRequestError } from '../src/index.js';

// Code that answers errors itself (NestJS's exception filters) never hands them to an error
// middleware: recordRequestError shows them to the span.

describe.each([
  { name: 'Express 4', framework: express4 },
  { name: 'Express 5', framework: express },
])('recordRequestError on $name', ({ framework }) => {
  let server: Server | undefined;
  afterEach(() => server && closeServer(server));

  it('shows an error answered 5xx (ERROR) or 4xx (UNSET) as an exception event; an excluded request is left alone', async () => {
    const { client, transport } = inMemoryClient(TelemetryFlowClient);
    client.initialize();
    const app = framework();
    app.use(expressMiddleware(client, { excludedPaths: ['/health'] }));
    const failures = { '/orders/7': 503, '/invalid': 400, '/health': 500 } as const;
    app.use((req, res) => {
      const status = failures[req.path as keyof typeof failures];
      recordRequestError(req, new RangeError(`failed with ${status}`));
      res.status(status).send('failed');
    });
    server = app.listen(0, '127.0.0.1');
    const url = await baseUrlOf(server);
    for (const path of Object.keys(failures)) await fetch(`${url}${path}`);
    await client.shutdown(AMPLE_MS);

    expect(
      serverSpans(transport).map((s) => ({
        path: s.attrs['url.path'],
        status: s['status'],
        errorType: s.attrs['error.type'],
        events: (s['events'] as { name: string }[]).map((e) => e.name),
      })),
    ).toEqual([
      {
        path: '/orders/7',
        status: { code: 'STATUS_CODE_ERROR', message: 'failed with 503' },
        errorType: 'RangeError',
        events: ['exception'],
      },
      {
        path: '/invalid',
        status: { code: 'STATUS_CODE_UNSET' },
        errorType: undefined,
        events: ['exception'],
      },
    ]);
  });
});
