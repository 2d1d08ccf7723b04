import { request } from 'node:http';
import fastify from 'fastify';
import fastify4 from 'fastify4';
import { describe, expect, it } from 'vitest';
import { AMPLE_MS, baseUrlOf, inMemoryClient, serverSpans } from '@telemetryflow-internal/test-utils';
import { TelemetryFlowClient } from '@telemetryflow/client';
import { fastifyTelemetry } from '../src/index.js';

// The options every adapter shares are checked by tools/middleware-conformance; here, how the
// plugin fits Fastify: its versions, validation errors, hijacked replies, its plugin metadata.

describe('fastifyTelemetry registration', () => {
  it('registers on a Fastify 4 instance, typed by Fastify 4, and covers routes of sibling plugins', async () => {
    const { client, transport } = inMemoryClient(TelemetryFlowClient);
    client.initialize();
    const app = fastify4();
    await app.register(fastifyTelemetry, { client });
    await app.register(async (child) => {
      child.get('/child', async () => 'child');
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    await fetch(`${await baseUrlOf(app.server)}/child`);
    await app.close();
    await client.shutdown(AMPLE_MS);
    expect(serverSpans(transport).map((s) => s['name'])).toEqual(['GET /child']);
  });

  it('records an error answered 400 (a failed validation) as an exception event, leaving the span UNSET', async () => {
    const { client, transport } = inMemoryClient(TelemetryFlowClient);
    client.initialize();
    const app = fastify();
    await app.register(fastifyTelemetry, { client });
    app.post('/orders', { schema: { body: { type: 'object', required: ['sku'] } } }, async () => 'created');
    await app.listen({ port: 0, host: '127.0.0.1' });
    const response = await fetch(`${await baseUrlOf(app.server)}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(400);
    await app.close();
    await client.shutdown(AMPLE_MS);
    const [span] = serverSpans(transport);
    expect(span).toMatchObject({ name: 'POST /orders', status: { code: 'STATUS_CODE_UNSET' } });
    expect((span?.['events'] as Record<string, unknown>[]).map((e) => e['name'])).toEqual(['exception']);
  });

  it('records a hijacked reply written on the raw response once', async () => {
    const { client, transport } = inMemoryClient(TelemetryFlowClient);
    client.initialize();
    const app = fastify();
    await app.register(fastifyTelemetry, { client });
    app.get('/raw/:id', (_request, reply) => {
      reply.hijack();
      reply.raw.writeHead(202).end('raw');
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    expect(await (await fetch(`${await baseUrlOf(app.server)}/raw/1`)).text()).toBe('raw');
    await app.close();
    await client.shutdown(AMPLE_MS);
    expect(serverSpans(transport)).toMatchObject([
      { name: 'GET /raw/:id', attrs: { 'http.response.status_code': 202 } },
    ]);
  });

  it('announces itself to Fastify by name, for Fastify 4 and 5', () => {
    const meta = (fastifyTelemetry as unknown as Record<symbol, unknown>)[Symbol.for('plugin-meta')];
    expect(meta).toMatchObject({ name: '@telemetryflow/middleware-fastify', fastify: '4.x || 5.x' });
  });

  it('records an abandoned request through the raw response where Fastify has no onRequestAbort hook', async () => {
    const { client, transport } = inMemoryClient(TelemetryFlowClient);
    client.initialize();
    const app = fastify();
    const addHook = app.addHook.bind(app) as (name: string, hook: unknown) => unknown;
    // Fastify < 4.23 rejects the hook name; simulate it.
    const refused: string[] = [];
    (app as unknown as { addHook: typeof addHook }).addHook = (name, hook) => {
      if (name === 'onRequestAbort') refused.push(name);
      if (name === 'onRequestAbort') throw new Error('FST_ERR_HOOK_INVALID_TYPE');
      return addHook(name, hook);
    };
    await app.register(fastifyTelemetry, { client });
    expect(refused).toEqual(['onRequestAbort']);
    let closed = (): void => undefined;
    const replyClosed = new Promise<void>((resolve) => (closed = resolve));
    let started = (): void => undefined;
    const handlerStarted = new Promise<void>((resolve) => (started = resolve));
    app.get('/slow', async (_request, reply) => {
      reply.raw.once('close', closed);
      started();
      await replyClosed;
      return 'late';
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const pending = request(`${await baseUrlOf(app.server)}/slow`);
    pending.on('error', () => undefined);
    pending.end();
    await handlerStarted;
    pending.destroy();
    await replyClosed;
    await new Promise((resolve) => setImmediate(resolve));
    await app.close();
    await client.shutdown(AMPLE_MS);
    expect(serverSpans(transport)).toMatchObject([
      { name: 'GET /slow', status: { code: 'STATUS_CODE_ERROR', message: 'Request aborted' } },
    ]);
  });
});
