import { request } from 'node:http';
import fastify from 'fastify';
import fastify4 from 'fastify4';
import { afterEach, describe, expect, it } from 'vitest';
import type { InMemoryTransport } from '@telemetryflow-internal/test-utils';
import type { TelemetryFlowClient } from '@telemetryflow/client';
import { fastifyTelemetry } from '../src/index.js';
import type { FastifyTelemetryOptions } from '../src/index.js';
import { baseUrlOf, makeClient, metricPoints, receivedLogs, serverSpans } from './helpers.js';

describe('fastifyTelemetry options', () => {
  let client: TelemetryFlowClient;
  let transport: InMemoryTransport;
  let close = (): Promise<void> => Promise.resolve();

  afterEach(async () => {
    await close();
    await client.shutdown(5_000);
  });

  /** Serves `GET /items/:id` (200) and `GET /fail` (500) behind the plugin; returns the base URL. */
  const serve = async (options: Omit<FastifyTelemetryOptions, 'client'>): Promise<string> => {
    const app = fastify();
    await app.register(fastifyTelemetry, { client, ...options });
    app.get('/items/:id', async () => 'item');
    app.get('/fail', async (_request, reply) => reply.code(500).send('fail'));
    await app.listen({ port: 0, host: '127.0.0.1' });
    close = () => app.close();
    return baseUrlOf(app.server);
  };

  it('records no duration, request count or error count when each is turned off', async () => {
    ({ client, transport } = makeClient());
    const url = await serve({
      recordRequestDuration: false,
      recordRequestCount: false,
      recordErrorCount: false,
    });
    await fetch(`${url}/fail`);
    await client.shutdown(5_000);
    expect(transport.metrics()).toEqual([]);
    expect(receivedLogs(transport)).toEqual([]);
    expect(serverSpans(transport)).toHaveLength(1);
  });

  it('records the metrics and the error log when traces are disabled', async () => {
    ({ client, transport } = makeClient({ enableTraces: false }));
    const url = await serve({});
    expect((await fetch(`${url}/fail`)).status).toBe(500);
    await client.shutdown(5_000);
    expect(serverSpans(transport)).toEqual([]);
    expect(metricPoints(transport, 'http.errors.total').map((p) => p.value)).toEqual([1]);
    expect(receivedLogs(transport).map((l) => l.message)).toEqual(['HTTP 500 error on GET /fail']);
  });

  it('names spans with spanNameFormatter and adds the attributes from attributesFromRequest', async () => {
    ({ client, transport } = makeClient());
    const url = await serve({
      spanNameFormatter: ({ method, route, path }) => `${method} ${route ?? 'unmatched'} (${path})`,
      attributesFromRequest: (request) => ({ 'tenant.id': String(request.headers['x-tenant']) }),
    });
    await fetch(`${url}/items/9`, { headers: { 'x-tenant': 'acme' } });
    await client.shutdown(5_000);
    const [span] = serverSpans(transport);
    expect(span).toMatchObject({ name: 'GET /items/:id (/items/9)' });
    expect(span?.attrs['tenant.id']).toBe('acme');
  });

  it('keeps serving and falls back to the default name when the hooks throw', async () => {
    ({ client, transport } = makeClient());
    const url = await serve({
      spanNameFormatter: () => {
        throw new Error('formatter bug');
      },
      attributesFromRequest: () => {
        throw new Error('attributes bug');
      },
    });
    expect((await fetch(`${url}/items/1`)).status).toBe(200);
    await client.shutdown(5_000);
    expect(serverSpans(transport)[0]).toMatchObject({ name: 'GET /items/:id' });
  });

  it('passes requests through untouched while the client is not initialized', async () => {
    ({ client, transport } = makeClient());
    await client.shutdown(5_000);
    const url = await serve({});
    expect((await fetch(`${url}/items/1`)).status).toBe(200);
    expect(await (await fetch(`${url}/fail`)).text()).toBe('fail');
    expect(transport.delivered).toEqual([]);
  });

  it('keeps requests served when the client shuts down while they are in flight', async () => {
    ({ client, transport } = makeClient());
    const app = fastify();
    await app.register(fastifyTelemetry, { client });
    app.get('/shutdown-first', async (_request, reply) => {
      await client.shutdown(5_000);
      return reply.code(500).send('served');
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    close = () => app.close();
    const response = await fetch(`${await baseUrlOf(app.server)}/shutdown-first`);
    expect(await response.text()).toBe('served');
  });
});

describe('fastifyTelemetry registration', () => {
  it('registers on a Fastify 4 instance, typed by Fastify 4, and covers routes of sibling plugins', async () => {
    const { client, transport } = makeClient();
    const app = fastify4();
    await app.register(fastifyTelemetry, { client });
    await app.register(async (child) => {
      child.get('/child', async () => 'child');
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    await fetch(`${await baseUrlOf(app.server)}/child`);
    await app.close();
    await client.shutdown(5_000);
    expect(serverSpans(transport).map((s) => s['name'])).toEqual(['GET /child']);
  });

  it('records an error answered 400 (a failed validation) as an exception event, leaving the span UNSET', async () => {
    const { client, transport } = makeClient();
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
    await client.shutdown(5_000);
    const [span] = serverSpans(transport);
    expect(span).toMatchObject({ name: 'POST /orders', status: { code: 'STATUS_CODE_UNSET' } });
    expect((span?.['events'] as Record<string, unknown>[]).map((e) => e['name'])).toEqual(['exception']);
  });

  it('records a hijacked reply written on the raw response once', async () => {
    const { client, transport } = makeClient();
    const app = fastify();
    await app.register(fastifyTelemetry, { client });
    app.get('/raw/:id', (_request, reply) => {
      reply.hijack();
      reply.raw.writeHead(202).end('raw');
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    expect(await (await fetch(`${await baseUrlOf(app.server)}/raw/1`)).text()).toBe('raw');
    await app.close();
    await client.shutdown(5_000);
    expect(serverSpans(transport)).toMatchObject([
      { name: 'GET /raw/:id', attrs: { 'http.response.status_code': 202 } },
    ]);
  });

  it('announces itself to Fastify by name, for Fastify 4 and 5', () => {
    const meta = (fastifyTelemetry as unknown as Record<symbol, unknown>)[Symbol.for('plugin-meta')];
    expect(meta).toMatchObject({ name: '@telemetryflow/middleware-fastify', fastify: '4.x || 5.x' });
  });

  it('records an abandoned request through the raw response where Fastify has no onRequestAbort hook', async () => {
    const { client, transport } = makeClient();
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
    await client.shutdown(5_000);
    expect(serverSpans(transport)).toMatchObject([
      { name: 'GET /slow', status: { code: 'STATUS_CODE_ERROR', message: 'Request aborted' } },
    ]);
  });
});
