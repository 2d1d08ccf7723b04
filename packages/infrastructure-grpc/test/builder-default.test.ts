import { AMPLE_MS, anyValue } from '@telemetryflow-internal/test-utils';
import { startGrpcReceiver } from '@telemetryflow-internal/test-utils/grpc-receiver';
import { SpanKind, TelemetryFlowBuilder } from '@telemetryflow/client';
import { describe, expect, it } from 'vitest';
import { KEY_ID, SECRET } from './support/fixtures.js';
import { guardProcess } from './support/guards.js';

guardProcess();

// Needs the built package: the client resolves `@telemetryflow/infrastructure-grpc` by name.
describe('a client from the builder with the default protocol (gRPC)', () => {
  it('delivers one of each signal to the collector at shutdown()', async () => {
    await using receiver = await startGrpcReceiver();
    const client = new TelemetryFlowBuilder({})
      .withApiKey(KEY_ID, SECRET)
      .withEndpoint(receiver.address)
      .withService('svc')
      .withInsecure()
      .build();
    client.initialize();

    client.incrementCounter('jobs.done');
    client.logWarn('disk almost full', { disk: '/var' });
    client.span('nightly-job', SpanKind.INTERNAL, { job: 'backup' }, () => undefined);
    await client.shutdown(AMPLE_MS);

    expect(receiver.metrics().map((m) => m.item['name'])).toEqual(['jobs.done']);
    expect(receiver.logs().map((l) => anyValue(l.item['body']))).toEqual(['disk almost full']);
    expect(receiver.spans().map((s) => s.item['name'])).toEqual(['nightly-job']);
    expect(receiver.spans()[0]?.resource['service.name']).toBe('svc');
    expect(receiver.requests.every((r) => r.metadata['x-telemetryflow-key-id'] === KEY_ID)).toBe(true);
    expect(client.getStatus().signals).toMatchObject({
      metrics: { exported: 1, failed: 0, dropped: 0 },
      logs: { exported: 1, failed: 0, dropped: 0 },
      traces: { exported: 1, failed: 0, dropped: 0 },
    });
  });
});
