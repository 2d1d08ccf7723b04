import { metricPoints, unitOf } from '@telemetryflow-internal/test-utils';
import { SpanKind } from '@telemetryflow/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { say } from './echo-service.js';
import { harness, kindOf, named, statusOf, traceparentOf } from './harness.js';
import type { Harness } from './harness.js';

describe('grpcTelemetry on a unary call', () => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });
  afterEach(() => h.close());

  it('records a CLIENT span and injects its context into the metadata the server receives', async () => {
    const server = await h.server();
    const port = Number(server.address.split(':')[1]);
    expect(await say(h.stub(server.address), 'hi')).toMatchObject({ error: null, reply: { text: 'hi' } });
    const [clientSpan] = kindOf(await h.settle(2), 'CLIENT');
    expect(clientSpan).toMatchObject({
      name: 'test.echo.Echo/Say',
      attrs: {
        'rpc.system': 'grpc',
        'rpc.service': 'test.echo.Echo',
        'rpc.method': 'Say',
        'rpc.grpc.status_code': 0,
        'server.address': '127.0.0.1',
        'server.port': port,
      },
    });
    expect(clientSpan?.attrs['error.type']).toBeUndefined();
    expect(statusOf(clientSpan).code).toBe('STATUS_CODE_UNSET');
    expect(server.seen.traceparents).toEqual([traceparentOf(clientSpan)]);
  });

  it("records the SERVER span as the CLIENT span's child, in its trace", async () => {
    const server = await h.server();
    await say(h.stub(server.address), 'hi');
    const spans = await h.settle(2);
    const [clientSpan] = kindOf(spans, 'CLIENT');
    const [serverSpan] = kindOf(spans, 'SERVER');
    expect(serverSpan).toMatchObject({
      name: 'test.echo.Echo/Say',
      traceId: clientSpan?.['traceId'],
      parentSpanId: clientSpan?.['spanId'],
      attrs: {
        'rpc.system': 'grpc',
        'rpc.service': 'test.echo.Echo',
        'rpc.method': 'Say',
        'rpc.grpc.status_code': 0,
        'network.peer.address': '127.0.0.1',
      },
    });
    expect(serverSpan?.attrs['network.peer.port']).toEqual(expect.any(Number));
    expect(statusOf(serverSpan).code).toBe('STATUS_CODE_UNSET');
  });

  it("makes the CLIENT span a child of the caller's active span", async () => {
    const server = await h.server();
    const stub = h.stub(server.address);
    await h.client.span('checkout', SpanKind.INTERNAL, () => say(stub, 'hi'));
    const spans = await h.settle(2);
    const checkout = named(spans, 'checkout');
    expect(kindOf(spans, 'CLIENT')[0]).toMatchObject({
      traceId: checkout?.['traceId'],
      parentSpanId: checkout?.['spanId'],
    });
  });

  it("runs the handler with the SERVER span active: its spans and logs (after an await) are the span's", async () => {
    const server = await h.server();
    await say(h.stub(server.address), 'hi');
    const spans = await h.settle(2);
    const [serverSpan] = kindOf(spans, 'SERVER');
    await h.close();
    expect(named(spans, 'work Say')).toMatchObject({
      traceId: serverSpan?.['traceId'],
      parentSpanId: serverSpan?.['spanId'],
    });
    expect(h.logs().find((l) => l.message === 'handled Say')).toMatchObject({
      traceId: serverSpan?.['traceId'],
      spanId: named(spans, 'work Say')?.['spanId'],
    });
  });

  it("calls back in the caller's context, not the CLIENT span's or another call's", async () => {
    const server = await h.server();
    // A stub made (and first called) inside a span: grpc-js's connection is opened in its context.
    const stub = await h.client.span('first', SpanKind.INTERNAL, async () => {
      const made = h.stub(server.address);
      await say(made, 'one');
      return made;
    });
    await h.client.span('second', SpanKind.INTERNAL, () =>
      say(stub, 'two', {}, () => h.client.span('in callback', SpanKind.INTERNAL, () => undefined)),
    );
    const spans = await h.settle(4);
    expect(named(spans, 'in callback')?.['parentSpanId']).toBe(named(spans, 'second')?.['spanId']);
  });

  it('records rpc.client.duration and rpc.server.duration in seconds, keyed by method and status', async () => {
    const server = await h.server();
    const port = Number(server.address.split(':')[1]);
    await say(h.stub(server.address), 'hi');
    await h.settle(2);
    const method = { 'rpc.system': 'grpc', 'rpc.service': 'test.echo.Echo', 'rpc.method': 'Say' };
    expect(metricPoints(h.transport, 'rpc.client.duration')).toEqual([
      {
        attrs: { ...method, 'rpc.grpc.status_code': 0, 'server.address': '127.0.0.1', 'server.port': port },
        value: 1,
      },
    ]);
    expect(metricPoints(h.transport, 'rpc.server.duration')).toEqual([
      { attrs: { ...method, 'rpc.grpc.status_code': 0 }, value: 1 },
    ]);
    expect(unitOf(h.transport, 'rpc.client.duration')).toBe('s');
    expect(unitOf(h.transport, 'rpc.server.duration')).toBe('s');
  });
});
