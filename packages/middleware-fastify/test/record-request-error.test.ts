import fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import fastify4 from 'fastify4';
import { afterEach, describe, expect, it } from 'vitest';
import { AMPLE_MS, baseUrlOf, inMemoryClient, serverSpans } from '@telemetryflow-internal/test-utils';
import { TelemetryFlowClient } from '@telemetryflow/client';
import { fastifyTelemetry, recordRequestError } from '../src/index.js';

// A handler that answers its errors itself (as NestJS's exception filters do) keeps them from
// onError: recordRequestError shows them to the span.

describe.each([
  { name: 'Fastify 4', framework: fastify4 as unknown as typeof fastify },
  { name: 'Fastify 5', framework: fastify },
])('recordRequestError on $name', ({ framework }) => {
  let app: FastifyInstance | undefined;
  afterEach(() => app?.close());

  it('makes a request answered 5xx ERROR and keeps one answered 4xx UNSET, both with an exception event', async () => {
    const { client, transport } = inMemoryClient(TelemetryFlowClient);
    client.initialize();
    app = framework();
    await app.register(fastifyTelemetry, { client });
    app.get<{ Params: { status: string } }>('/answer/:status', async (request, reply) => {
      const status = Number(request.params.status);
      recordRequestError(request, new TypeError(`answered ${status}`));
      return reply.code(status).send('failed');
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const url = await baseUrlOf(app.server);
    for (const status of [502, 422]) await fetch(`${url}/answer/${status}`);
    await client.shutdown(AMPLE_MS);

    const spans = serverSpans(transport);
    expect(
      spans.map((s) => [s.attrs['http.response.status_code'], s['status'], s.attrs['error.type']]),
    ).toEqual([
      [502, { code: 'STATUS_CODE_ERROR', message: 'answered 502' }, 'TypeError'],
      [422, { code: 'STATUS_CODE_UNSET' }, undefined],
    ]);
    expect(spans.map((s) => (s['events'] as { name: string }[]).map((e) => e.name))).toEqual([
      ['exception'],
      ['exception'],
    ]);
  });
});
