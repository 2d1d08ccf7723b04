import * as grpc from '@grpc/grpc-js';
import { AMPLE_MS, inMemoryClient, metricPoints } from '@telemetryflow-internal/test-utils';
import { SpanKind, TelemetryFlowClient } from '@telemetryflow/client';
import { afterEach, describe, expect, it } from 'vitest';
import { grpcTelemetry } from '../src/index.js';
import { count, echoStub, say, startEcho } from './echo-service.js';
import { harness, kindOf, named } from './harness.js';
import type { Harness } from './harness.js';

describe('grpcTelemetry options and switch', () => {
  let h: Harness;
  afterEach(() => h.close());

  it.each([['test.echo.Echo/Say'], ['test.echo.Echo/*']])(
    'ignoredMethods %s: no spans, no metadata and no metrics for those methods, on both sides',
    async (pattern) => {
      h = harness({ ignoredMethods: [pattern] });
      const server = await h.server();
      const stub = h.stub(server.address);
      await say(stub, 'hi');
      const ignoresCount = pattern.endsWith('*');
      await count(stub, 'tick', 1);
      const spans = await h.settle(ignoresCount ? 0 : 2);
      expect(server.seen.traceparents[0]).toBeUndefined();
      expect(spans.filter((s) => s['name'] === 'test.echo.Echo/Say')).toEqual([]);
      expect(metricPoints(h.transport, 'rpc.client.duration').map((p) => p.attrs['rpc.method'])).toEqual(
        ignoresCount ? [] : ['Count'],
      );
      // The handler still runs, and its spans are roots of their own.
      expect(named(spans, 'work Say')?.['parentSpanId']).toBeFalsy();
    },
  );

  it('requestMetadata: records the listed keys on both spans, never credentials or binary values', async () => {
    h = harness({ requestMetadata: ['X-Tenant', 'authorization', 'cookie', 'trace-bin'] });
    const server = await h.server();
    const metadata = new grpc.Metadata();
    metadata.set('x-tenant', 'acme');
    metadata.set('authorization', 'Bearer secret');
    metadata.set('cookie', 'session=secret');
    metadata.set('trace-bin', Buffer.from('secret'));
    await say(h.stub(server.address), 'hi', { metadata });
    const spans = await h.settle(2);
    for (const span of [...kindOf(spans, 'CLIENT'), ...kindOf(spans, 'SERVER')]) {
      const recorded = Object.keys(span.attrs).filter((key) => key.startsWith('rpc.grpc.request.metadata.'));
      expect(recorded).toEqual(['rpc.grpc.request.metadata.x-tenant']);
      expect(span.attrs['rpc.grpc.request.metadata.x-tenant']).toEqual(['acme']);
    }
    expect(metricPoints(h.transport, 'rpc.server.duration')[0]?.attrs).not.toHaveProperty(
      'rpc.grpc.request.metadata.x-tenant',
    );
  });

  it('disable(): later calls pass through untouched (no span, metadata or metric); enable() resumes', async () => {
    h = harness();
    const server = await h.server();
    const stub = h.stub(server.address);
    h.telemetry.disable();
    expect(h.telemetry.enabled).toBe(false);
    expect(await say(stub, 'off')).toMatchObject({ error: null, reply: { text: 'off' } });
    expect((await count(stub, 'off', 2)).notes).toHaveLength(2);
    h.telemetry.enable();
    await h.client.span('after enable', SpanKind.INTERNAL, () => say(stub, 'on'));
    const spans = await h.settle(2);
    expect(server.seen.traceparents.slice(0, 2)).toEqual([undefined, undefined]);
    expect(server.seen.traceparents[2]).toMatch(/^00-/);
    expect(kindOf(spans, 'CLIENT')).toHaveLength(1);
    expect(kindOf(spans, 'SERVER')).toHaveLength(1);
    expect(kindOf(spans, 'CLIENT')[0]?.['parentSpanId']).toBe(named(spans, 'after enable')?.['spanId']);
    expect(metricPoints(h.transport, 'rpc.client.duration')).toMatchObject([{ value: 1 }]);
    expect(metricPoints(h.transport, 'rpc.server.duration')).toMatchObject([{ value: 1 }]);
  });

  it('passes calls through untouched while the client is not initialized, and after shutdown', async () => {
    const { client } = inMemoryClient(TelemetryFlowClient);
    const telemetry = grpcTelemetry(client);
    const server = await startEcho(client, [telemetry.serverInterceptor]);
    const stub = echoStub(server.address, [telemetry.clientInterceptor]);
    try {
      // Before initialize(), the handler's own span() throws: Count's handler makes none until it runs.
      expect((await count(stub, 'before', 0)).error).toBeUndefined();
      client.initialize();
      await client.shutdown(AMPLE_MS);
      expect(await say(stub, 'after')).toMatchObject({ error: null, reply: { text: 'after' } });
      expect(server.seen.traceparents).toEqual([undefined, undefined]);
    } finally {
      stub.close();
      server.close();
    }
  });
});
