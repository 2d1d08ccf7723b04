import * as grpc from '@grpc/grpc-js';
import { freePort, metricPoints, waitFor } from '@telemetryflow-internal/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { say } from './echo-service.js';
import { harness, kindOf, statusOf } from './harness.js';
import type { Harness } from './harness.js';

describe('grpcTelemetry on failed calls', () => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });
  afterEach(() => h.close());

  it('connection refused: the CLIENT span is ERROR with error.type UNAVAILABLE', async () => {
    const port = await freePort();
    const { error } = await say(h.stub(`127.0.0.1:${port}`), 'hi');
    expect(error?.code).toBe(grpc.status.UNAVAILABLE);
    const [clientSpan] = kindOf(await h.settle(1), 'CLIENT');
    expect(clientSpan?.attrs).toMatchObject({
      'rpc.grpc.status_code': 14,
      'error.type': 'UNAVAILABLE',
      'server.address': '127.0.0.1',
      'server.port': port,
    });
    expect(statusOf(clientSpan)).toEqual({ code: 'STATUS_CODE_ERROR', message: error?.details });
    expect(metricPoints(h.transport, 'rpc.client.duration')).toMatchObject([
      { attrs: { 'rpc.grpc.status_code': 14, 'error.type': 'UNAVAILABLE' }, value: 1 },
    ]);
  });

  it.each([
    { text: 'boom', code: 2, type: 'UNKNOWN', details: 'boom' },
    { text: 'throw', code: 2, type: 'UNKNOWN', details: 'Unknown error' },
    { text: 'broken', code: 13, type: 'INTERNAL', details: 'invariant broken' },
  ])(
    'a handler error ($text → $type) fails both spans and both histograms',
    async ({ text, code, type, details }) => {
      const server = await h.server();
      expect((await say(h.stub(server.address), text)).error).toMatchObject({ code, details });
      const spans = await h.settle(2);
      for (const span of [kindOf(spans, 'CLIENT')[0], kindOf(spans, 'SERVER')[0]]) {
        expect(span?.attrs).toMatchObject({ 'rpc.grpc.status_code': code, 'error.type': type });
        expect(statusOf(span)).toEqual({ code: 'STATUS_CODE_ERROR', message: details });
      }
      for (const metric of ['rpc.client.duration', 'rpc.server.duration']) {
        expect(metricPoints(h.transport, metric)).toMatchObject([
          { attrs: { 'rpc.grpc.status_code': code, 'error.type': type } },
        ]);
      }
    },
  );

  it("NOT_FOUND fails the CLIENT span only: it is the caller's error, not the server's", async () => {
    const server = await h.server();
    await say(h.stub(server.address), 'missing');
    const spans = await h.settle(2);
    const [clientSpan] = kindOf(spans, 'CLIENT');
    const [serverSpan] = kindOf(spans, 'SERVER');
    expect(clientSpan?.attrs).toMatchObject({ 'rpc.grpc.status_code': 5, 'error.type': 'NOT_FOUND' });
    expect(statusOf(clientSpan)).toEqual({ code: 'STATUS_CODE_ERROR', message: 'no such note' });
    expect(serverSpan?.attrs['rpc.grpc.status_code']).toBe(5);
    expect(serverSpan?.attrs['error.type']).toBeUndefined();
    expect(statusOf(serverSpan).code).toBe('STATUS_CODE_UNSET');
    expect(metricPoints(h.transport, 'rpc.server.duration')[0]?.attrs['error.type']).toBeUndefined();
  });

  it('deadline exceeded on the client: the CLIENT span is ERROR DEADLINE_EXCEEDED, the SERVER span ends', async () => {
    const server = await h.server();
    const stub = h.stub(server.address);
    await say(stub, 'warm up'); // the deadline then runs on an open connection
    const { error } = await say(stub, 'hang', { deadline: Date.now() + 300 });
    expect(error?.code).toBe(grpc.status.DEADLINE_EXCEEDED);
    await waitFor(() => server.seen.cancelled === 1, 'the handler to see the cancel');
    const spans = await h.settle(4);
    const clientSpan = kindOf(spans, 'CLIENT').find((s) => s.attrs['rpc.grpc.status_code'] !== 0);
    expect(clientSpan?.attrs).toMatchObject({ 'rpc.grpc.status_code': 4, 'error.type': 'DEADLINE_EXCEEDED' });
    expect(statusOf(clientSpan).code).toBe('STATUS_CODE_ERROR');
    // The server gets the client's cancel at (or just before) its own deadline.
    const serverSpan = kindOf(spans, 'SERVER').find((s) => s['parentSpanId'] === clientSpan?.['spanId']);
    expect([1, 4]).toContain(serverSpan?.attrs['rpc.grpc.status_code']);
  });

  it('deadline exceeded on the server: grpc-js ends the call itself, the SERVER span says so', async () => {
    const server = await h.server();
    // A deadline only the server enforces (the client sets none, so never cancels).
    const metadata = new grpc.Metadata();
    metadata.set('grpc-timeout', '200m');
    const { error } = await say(h.stub(server.address), 'hang', { metadata });
    expect(error?.code).toBe(grpc.status.DEADLINE_EXCEEDED);
    const spans = await h.settle(2);
    for (const span of [kindOf(spans, 'CLIENT')[0], kindOf(spans, 'SERVER')[0]]) {
      expect(span?.attrs).toMatchObject({ 'rpc.grpc.status_code': 4, 'error.type': 'DEADLINE_EXCEEDED' });
      expect(statusOf(span)).toEqual({ code: 'STATUS_CODE_ERROR', message: 'Deadline exceeded' });
    }
  });

  it('a call the client cancels: CLIENT span ERROR CANCELLED, SERVER span CANCELLED and UNSET', async () => {
    const server = await h.server();
    const stub = h.stub(server.address);
    let cancel = (): void => undefined;
    const done = new Promise<grpc.ServiceError | null>((resolve) => {
      const call = stub.Say({ text: 'hang', n: 0 }, new grpc.Metadata(), {}, resolve);
      cancel = () => call.cancel();
    });
    await waitFor(() => server.seen.traceparents.length === 1, 'the server to get the call');
    cancel();
    expect((await done)?.code).toBe(grpc.status.CANCELLED);
    await waitFor(() => server.seen.cancelled === 1, 'the handler to see the cancel');
    const spans = await h.settle(2);
    const [clientSpan] = kindOf(spans, 'CLIENT');
    const [serverSpan] = kindOf(spans, 'SERVER');
    expect(clientSpan?.attrs).toMatchObject({ 'rpc.grpc.status_code': 1, 'error.type': 'CANCELLED' });
    expect(statusOf(clientSpan).code).toBe('STATUS_CODE_ERROR');
    expect(serverSpan?.attrs['rpc.grpc.status_code']).toBe(1);
    expect(serverSpan?.attrs['error.type']).toBeUndefined();
    expect(statusOf(serverSpan).code).toBe('STATUS_CODE_UNSET');
  });
});
