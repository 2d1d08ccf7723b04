import type { Server } from 'node:http';
import express from 'express';
import express4 from 'express4';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AMPLE_MS,
  baseUrlOf,
  closeServer,
  inMemoryClient,
  receivedLogs,
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

  it('describes an exception as the client does (its class, its code, a thrown non-Error), on 4xx and 5xx spans and in the log', async () => {
    const { client, transport } = inMemoryClient(TelemetryFlowClient);
    client.initialize();
    class PaymentError extends Error {
      readonly code = 'card_declined';
    }
    const app = framework();
    app.use(expressMiddleware(client));
    const failures: Record<string, readonly [status: number, thrown: unknown]> = {
      '/pay': [502, new PaymentError('gateway down')],
      '/declined': [402, new PaymentError('card declined')],
      '/odd': [409, 'not an Error'],
      '/odd-5xx': [500, 'not an Error'],
    };
    app.use((req, res) => {
      const [status, thrown] = failures[req.path] ?? [500, undefined];
      recordRequestError(req, thrown);
      res.status(status).send('failed');
    });
    server = app.listen(0, '127.0.0.1');
    const url = await baseUrlOf(server);
    for (const path of Object.keys(failures)) await fetch(`${url}${path}`);
    await client.shutdown(AMPLE_MS);

    type Event = { attributes: { key: string; value: { stringValue: string } }[] };
    const exceptionOf = (path: string) => {
      const span = serverSpans(transport).find((s) => s.attrs['url.path'] === path);
      const [event] = span?.['events'] as Event[];
      return Object.fromEntries(event?.attributes.map(({ key, value }) => [key, value.stringValue]) ?? []);
    };
    const payment = (message: string) => ({
      'exception.type': 'PaymentError',
      'exception.message': message,
      'exception.stacktrace': expect.stringContaining(message) as string,
      'error.type': 'card_declined',
    });
    const nonError = { 'exception.type': 'NonErrorThrown', 'exception.message': 'not an Error' };
    expect(exceptionOf('/pay')).toEqual(payment('gateway down'));
    expect(exceptionOf('/declined')).toEqual(payment('card declined'));
    expect(exceptionOf('/odd')).toEqual(nonError);
    expect(exceptionOf('/odd-5xx')).toEqual(nonError);
    // The log record's own error.type (the span's and the metrics') wins over the error's code.
    expect(
      receivedLogs(transport).map(({ attrs }) => [
        attrs['url.path'],
        attrs['exception.type'],
        attrs['error.type'],
      ]),
    ).toEqual([
      ['/pay', 'PaymentError', 'PaymentError'],
      ['/odd-5xx', 'NonErrorThrown', '_OTHER'],
    ]);
  });
});
