import fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import fastify4 from 'fastify4';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AMPLE_MS,
  baseUrlOf,
  inMemoryClient,
  metricPoints,
  serverSpans,
  waitFor,
} from '@telemetryflow-internal/test-utils';
import { TelemetryFlowClient } from '@telemetryflow/client';
import { fastifyTelemetry } from '../src/index.js';

// tools/middleware-conformance checks what every adapter does on Fastify 4 and 5 (with Fastify's
// default error handler); here, an app's own setErrorHandler, which the plugin only observes.

describe.each([
  { name: 'Fastify 4', framework: fastify4 as unknown as typeof fastify },
  { name: 'Fastify 5', framework: fastify },
])('fastifyTelemetry with a setErrorHandler on $name', ({ framework }) => {
  let app: FastifyInstance | undefined;

  afterEach(async () => {
    await app?.close();
  });

  it('leaves the error unchanged for the handler, and records the status the handler chose', async () => {
    const { client, transport } = inMemoryClient(TelemetryFlowClient);
    client.initialize();
    const failure = new RangeError('inventory service down');
    const handled: unknown[] = [];
    app = framework();
    app.setErrorHandler((error, _request, reply) => {
      handled.push(error);
      void reply.code(502).send('bad gateway');
    });
    await app.register(fastifyTelemetry, { client });
    await app.register(
      async (stock) => {
        stock.get('/:sku', async () => {
          await Promise.resolve();
          throw failure;
        });
      },
      { prefix: '/stock' },
    );
    await app.listen({ port: 0, host: '127.0.0.1' });

    expect((await fetch(`${await baseUrlOf(app.server)}/stock/A-1`)).status).toBe(502);
    expect(handled).toHaveLength(1);
    expect(handled[0]).toBe(failure);
    await waitFor(() => serverSpans(transport).length > 0, 'the server span');
    await client.shutdown(AMPLE_MS);
    const [span] = serverSpans(transport);
    expect(span).toMatchObject({
      name: 'GET /stock/:sku',
      status: { code: 'STATUS_CODE_ERROR', message: failure.message },
      attrs: { 'http.response.status_code': 502 },
    });
    expect((span?.['events'] as Record<string, unknown>[]).map((e) => e['name'])).toEqual(['exception']);
    expect(metricPoints(transport, 'http.errors.total')).toMatchObject([
      { attrs: { 'http.response.status_code': 502 }, value: 1 },
    ]);
  });
});
