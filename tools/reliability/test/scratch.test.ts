import { InMemoryTransport } from '@telemetryflow-internal/test-utils';
import { Credentials, TelemetryConfig, TelemetryFlowClient } from '@telemetryflow/client';
import { expect, it } from 'vitest';

it('cost', async () => {
  const transport = new InMemoryTransport();
  const client = new TelemetryFlowClient(
    TelemetryConfig.create({ credentials: Credentials.create('tfk_x', 'tfs_y'), endpoint: '127.0.0.1:1', serviceName: 's', batchTimeoutMs: 60_000 }),
    { transport, onDiagnostic: () => undefined },
  ).initialize();
  const N = 500_000;
  for (let r = 0; r < 3; r++) {
    const t = performance.now();
    for (let i = 0; i < N; i++) client.incrementCounter('c', 1, { route: '/orders', status: i % 5, method: 'GET' });
    console.log('ns/op', ((performance.now() - t) * 1e6 / N).toFixed(0));
  }
  await client.shutdown(1000);
  expect(1).toBe(1);
});
