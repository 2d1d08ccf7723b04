import { metricPoints } from '@telemetryflow-internal/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chat, collect, count } from './echo-service.js';
import type { EchoStub } from './echo-service.js';
import { harness, kindOf, named, statusOf, traceparentOf } from './harness.js';
import type { Harness } from './harness.js';

describe('grpcTelemetry on streaming calls', () => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });
  afterEach(() => h.close());

  const run = async (call: (stub: EchoStub) => Promise<unknown>) => {
    const server = await h.server();
    const result = await call(h.stub(server.address));
    const spans = await h.settle(2);
    return {
      result,
      server,
      spans,
      clientSpan: kindOf(spans, 'CLIENT')[0],
      serverSpan: kindOf(spans, 'SERVER')[0],
    };
  };

  it('server streaming: CLIENT span, its context in the metadata, the SERVER span its child', async () => {
    const { result, server, spans, clientSpan, serverSpan } = await run((stub) => count(stub, 'tick', 3));
    expect(result).toMatchObject({ notes: [{ n: 1 }, { n: 2 }, { n: 3 }], error: undefined });
    expect(clientSpan).toMatchObject({
      name: 'test.echo.Echo/Count',
      attrs: { 'rpc.service': 'test.echo.Echo', 'rpc.method': 'Count', 'rpc.grpc.status_code': 0 },
    });
    expect(server.seen.traceparents).toEqual([traceparentOf(clientSpan)]);
    expect(serverSpan).toMatchObject({
      name: 'test.echo.Echo/Count',
      traceId: clientSpan?.['traceId'],
      parentSpanId: clientSpan?.['spanId'],
      attrs: { 'rpc.grpc.status_code': 0 },
    });
    // The handler wrote its messages from an async function started in the handler.
    const work = spans.filter((s) => s['name'] === 'work Count');
    expect(work.map((s) => s['parentSpanId'])).toEqual(Array(3).fill(serverSpan?.['spanId']));
  });

  it('server streaming: records both duration histograms', async () => {
    await run((stub) => count(stub, 'tick', 2));
    const attrs = { 'rpc.method': 'Count', 'rpc.grpc.status_code': 0 };
    expect(metricPoints(h.transport, 'rpc.client.duration')).toMatchObject([{ attrs, value: 1 }]);
    expect(metricPoints(h.transport, 'rpc.server.duration')).toMatchObject([{ attrs, value: 1 }]);
  });

  it('server streaming: a status error after some messages fails both spans', async () => {
    const { result, clientSpan, serverSpan } = await run((stub) => count(stub, 'boom', 3));
    expect(result).toMatchObject({ notes: [{ n: 1 }], error: { code: 15 } });
    for (const span of [clientSpan, serverSpan]) {
      expect(span?.attrs).toMatchObject({ 'rpc.grpc.status_code': 15, 'error.type': 'DATA_LOSS' });
      expect(statusOf(span)).toEqual({ code: 'STATUS_CODE_ERROR', message: 'lost' });
    }
  });

  it('client streaming: the SERVER span is the parent of what the handler does on the stream end', async () => {
    const { result, clientSpan, serverSpan, spans } = await run((stub) => collect(stub, ['a', 'b', 'c']));
    expect(result).toMatchObject({ error: null, reply: { text: 'a b c', n: 3 } });
    expect(serverSpan).toMatchObject({
      name: 'test.echo.Echo/Collect',
      parentSpanId: clientSpan?.['spanId'],
    });
    expect(named(spans, 'work Collect')?.['parentSpanId']).toBe(serverSpan?.['spanId']);
  });

  it('bidi streaming: CLIENT and SERVER spans of one trace, the handler inside the SERVER span', async () => {
    const { result, clientSpan, serverSpan, spans } = await run((stub) => chat(stub, ['a', 'b']));
    expect(result).toMatchObject({ notes: [{ text: 'A' }, { text: 'B' }], error: undefined });
    expect(serverSpan).toMatchObject({ name: 'test.echo.Echo/Chat', parentSpanId: clientSpan?.['spanId'] });
    expect(named(spans, 'work Chat')?.['parentSpanId']).toBe(serverSpan?.['spanId']);
    expect(statusOf(clientSpan).code).toBe('STATUS_CODE_UNSET');
  });
});
