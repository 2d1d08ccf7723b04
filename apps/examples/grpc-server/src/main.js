// Run against the local dev collector (see apps/examples/basic/src/main.js for the variables).
import { TelemetryFlowBuilder } from '@telemetryflow/client';
import { runGrpcExample } from './greeter.js';

const client = new TelemetryFlowBuilder().withAutoConfiguration().build().initialize();
try {
  for (const reply of await runGrpcExample(client)) console.log(reply);
} finally {
  await client.shutdown(10_000);
}
