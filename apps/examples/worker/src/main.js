// Run against the local dev collector (see apps/examples/basic/src/main.js for the variables).
import { TelemetryFlowBuilder } from '@telemetryflow/client';
import { runWorker } from './worker.js';

const client = new TelemetryFlowBuilder().withAutoConfiguration().build().initialize();
try {
  const result = await runWorker(client, { jobs: Number(process.env.JOBS ?? 10) });
  console.log(`jobs completed: ${result.completed}, failed: ${result.failed}`);
} finally {
  await client.shutdown(10_000);
}
