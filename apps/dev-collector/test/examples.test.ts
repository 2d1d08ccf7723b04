import { AMPLE_MS } from '@telemetryflow-internal/test-utils';
import { createServer } from 'node:http';
import type { RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runBasic } from '@telemetryflow-internal/example-basic';
import { runGrpcExample } from '@telemetryflow-internal/example-grpc-server';
import { createApp } from '@telemetryflow-internal/example-http-server';
import { createLogger, runWorker } from '@telemetryflow-internal/example-worker';
import { TelemetryFlowBuilder } from '@telemetryflow/client';
import type { TelemetryFlowClient } from '@telemetryflow/client';
import { createTransport } from '@telemetryflow/infrastructure-grpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevCollector } from '../src/index.js';
import type { DevCollector } from '../src/index.js';

let collector: DevCollector;
beforeAll(async () => {
  collector = await startDevCollector({ grpcPort: 0, httpPort: 0, webPort: false });
});
afterAll(() => collector.close());

const clientFor = (service: string): TelemetryFlowClient =>
  new TelemetryFlowBuilder({})
    .withApiKey('tfk_example', 'tfs_example')
    .withEndpoint(collector.grpcAddress)
    .withInsecure()
    .withService(service)
    .withBatchSettings(50)
    .withExporter(createTransport)
    .build()
    .initialize();

const ofService = <T extends { service: string }>(items: readonly T[], service: string): T[] =>
  items.filter((i) => i.service === service);

describe('the examples, run against the dev collector in-process', () => {
  it('basic: every kind of signal, nested spans in one trace, logs correlated', async () => {
    const client = clientFor('example-basic');
    await runBasic(client);
    await client.shutdown(AMPLE_MS);
    const spans = ofService(collector.store.spans, 'example-basic');
    expect(spans.map((s) => s.name).sort()).toEqual([
      'cache_lookup',
      'database_query',
      'manual_operation',
      'process_request',
    ]);
    const parent = spans.find((s) => s.name === 'process_request');
    expect(spans.find((s) => s.name === 'database_query')?.parentSpanId).toBe(parent?.spanId);
    expect(spans.find((s) => s.name === 'manual_operation')?.events.map((e) => e.name)).toEqual([
      'processing_started',
      'processing_completed',
    ]);
    const logs = ofService(collector.store.logs, 'example-basic');
    expect(logs.map((l) => l.severity)).toEqual(['INFO', 'WARN', 'ERROR', 'DEBUG', 'INFO']);
    expect(logs.at(-1)?.spanId).toBe(parent?.spanId);
    const metrics = ofService(collector.store.metrics, 'example-basic');
    expect(metrics.find((m) => m.name === 'app.active_connections')).toMatchObject({
      type: 'gauge',
      value: 42,
    });
    expect(metrics.find((m) => m.name === 'app.request.duration')).toMatchObject({
      type: 'histogram',
      unit: 's',
      count: 1,
    });
  });

  it('worker: a CONSUMER span per job, failures recorded, job counters, pino logs in their spans', async () => {
    const client = clientFor('example-worker');
    const output: string[] = [];
    const logger = createLogger(client, { write: (line: string) => void output.push(line) });
    const result = await runWorker(client, { jobs: 5, concurrency: 2, logger });
    await client.shutdown(AMPLE_MS);
    expect(result).toEqual({ completed: 4, failed: 1 });
    const jobs = ofService(collector.store.spans, 'example-worker').filter((s) => s.kind === 'CONSUMER');
    expect(jobs).toHaveLength(5);
    expect(jobs.filter((s) => s.status === 'error').map((s) => s.statusMessage)).toEqual([
      'upstream rejected the job',
    ]);
    const metrics = ofService(collector.store.metrics, 'example-worker');
    const total = (name: string) =>
      metrics.filter((m) => m.name === name).reduce((sum, m) => sum + m.value, 0);
    expect([
      total('worker.jobs.started'),
      total('worker.jobs.completed'),
      total('worker.jobs.failed'),
    ]).toEqual([5, 4, 1]);
    // pino's own output has every line (debug too); the collector gets info and above, in the job spans.
    expect(output).toHaveLength(10);
    const logs = ofService(collector.store.logs, 'example-worker');
    expect(logs.map((l) => `${l.severity} ${l.body}`).sort()).toEqual([
      'error job failed',
      ...Array<string>(4).fill('info job completed'),
    ]);
    for (const log of logs) {
      const job = jobs.find((s) => s.spanId === log.spanId);
      expect(job?.attributes['job.id']).toBe(log.attributes['job.id']);
    }
    expect(logs.find((l) => l.severity === 'error')?.attributes).toMatchObject({
      'exception.type': 'Error',
      'exception.message': 'upstream rejected the job',
      'job.type': 'error',
    });
  });

  it('grpc-server: client and server spans of each call form one trace across gRPC metadata', async () => {
    const client = clientFor('example-grpc');
    const replies = await runGrpcExample(client, { names: ['Ada'] });
    await client.shutdown(AMPLE_MS);
    expect(replies).toEqual(['Hello, Ada!', 'Goodbye, Ada!']);
    const spans = ofService(collector.store.spans, 'example-grpc');
    for (const method of ['SayHello', 'SayGoodbye']) {
      const named = spans.filter((s) => s.name === `greeter.Greeter/${method}`);
      const clientSpan = named.find((s) => s.kind === 'CLIENT');
      const serverSpan = named.find((s) => s.kind === 'SERVER');
      expect(serverSpan?.parentSpanId).toBe(clientSpan?.spanId);
      expect(serverSpan?.traceId).toBe(clientSpan?.traceId);
    }
    // The handler runs inside the SERVER span: its own span is a child.
    const hello = spans.find((s) => s.name === 'greeter.Greeter/SayHello' && s.kind === 'SERVER');
    expect(spans.find((s) => s.name === 'greeting.lookup')?.parentSpanId).toBe(hello?.spanId);
  });

  it('http-server: server spans named by route, the 500 marked ERROR, /health not traced', async () => {
    const client = clientFor('example-http');
    // The app is an Express app: a plain request listener for node:http.
    const app = createApp(client) as unknown as RequestListener;
    const server = createServer(app).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const statuses = [];
    for (const path of ['/', '/api/users', '/api/orders', '/error', '/health'])
      statuses.push((await fetch(base + path)).status);
    await new Promise((resolve) => server.close(resolve));
    await client.shutdown(AMPLE_MS);
    expect(statuses).toEqual([200, 200, 200, 500, 200]);
    const servers = ofService(collector.store.spans, 'example-http').filter((s) => s.kind === 'SERVER');
    expect(servers.map((s) => s.name).sort()).toEqual([
      'GET /',
      'GET /api/orders',
      'GET /api/users',
      'GET /error',
    ]);
    expect(servers.find((s) => s.name === 'GET /error')?.status).toBe('error');
  });
});
