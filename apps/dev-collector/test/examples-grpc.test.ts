import { AMPLE_MS, attributes } from '@telemetryflow-internal/test-utils';
import { runGrpcExample } from '@telemetryflow-internal/example-grpc-server';
import { SpanKind, TelemetryFlowBuilder } from '@telemetryflow/client';
import { createTransport } from '@telemetryflow/infrastructure-grpc';
import { describe, expect, it } from 'vitest';
import { startGrpcReceiver } from '../src/index.js';

// The SDK's OTLP/gRPC transport has a grpc-js client of its own, without interceptors: the
// @telemetryflow/middleware-grpc interceptors the example puts on its client and server never see
// the exports, and the SDK sends them outside any span with tracing suppressed.

describe('the grpc-server example, exporting over gRPC while its interceptors are in use', () => {
  it('sends exports without trace context, and records no span or metric for them', async () => {
    const receiver = await startGrpcReceiver();
    try {
      const client = new TelemetryFlowBuilder({})
        .withApiKey('tfk_example', 'tfs_example')
        .withEndpoint(receiver.address)
        .withInsecure()
        .withService('example-grpc-exports')
        .withBatchSettings(50)
        .withExporter(createTransport)
        .build()
        .initialize();
      // Exports while intercepted calls are in flight, and from inside an active span.
      const [replies] = await Promise.all([
        runGrpcExample(client, { names: ['Ada', 'Grace'] }),
        client.flush(AMPLE_MS),
      ]);
      await client.span('outer', SpanKind.SERVER, () => client.flush(AMPLE_MS));
      await client.shutdown(AMPLE_MS);
      expect(replies).toEqual(['Hello, Ada!', 'Goodbye, Ada!', 'Hello, Grace!', 'Goodbye, Grace!']);
    } finally {
      await receiver.close();
    }

    expect(new Set(receiver.requests.map((r) => r.signal))).toEqual(new Set(['traces', 'metrics', 'logs']));
    for (const { metadata } of receiver.requests) {
      expect(Object.keys(metadata).filter((key) => /^(traceparent|tracestate|baggage)$/.test(key))).toEqual(
        [],
      );
    }
    const spans = receiver.spans().map(({ item }) => ({
      name: item['name'] as string,
      kind: item['kind'] as string,
      attrs: attributes(item['attributes']),
    }));
    // The interceptors were at work: a CLIENT and a SERVER span for each of the four calls …
    const rpc = spans.filter((s) => s.attrs['rpc.system'] === 'grpc');
    expect(rpc.map((s) => s.kind).sort()).toEqual([
      ...Array<string>(4).fill('SPAN_KIND_CLIENT'),
      ...Array<string>(4).fill('SPAN_KIND_SERVER'),
    ]);
    // … and only for the example's own calls, none for the exports.
    expect(new Set(rpc.map((s) => s.attrs['rpc.service']))).toEqual(new Set(['greeter.Greeter']));
    expect(spans.filter((s) => s.name.includes('opentelemetry.proto.collector'))).toEqual([]);
    const rpcMetrics = receiver
      .metrics()
      .filter(({ item }) => String(item['name']).startsWith('rpc.'))
      .flatMap(({ item }) => (item['histogram'] as { dataPoints: Record<string, unknown>[] }).dataPoints)
      .map((point) => attributes(point['attributes'])['rpc.service']);
    expect(rpcMetrics.length).toBeGreaterThan(0);
    expect(new Set(rpcMetrics)).toEqual(new Set(['greeter.Greeter']));
  });
});
