// Run against the local dev collector:
//   TELEMETRYFLOW_API_KEY_ID=tfk_demo TELEMETRYFLOW_API_KEY_SECRET=tfs_demo \
//   TELEMETRYFLOW_SERVICE_NAME=basic-example TELEMETRYFLOW_ENDPOINT=127.0.0.1:4317 \
//   TELEMETRYFLOW_INSECURE=true node src/main.js
import { TelemetryFlowBuilder } from '@telemetryflow/client';
import { runBasic } from './basic.js';

const client = new TelemetryFlowBuilder().withAutoConfiguration().build().initialize();
try {
  await runBasic(client);
} finally {
  await client.shutdown(10_000);
}
const { metricsSent, logsSent, spansSent, signals } = client.getStatus();
console.log(JSON.stringify({ metricsSent, logsSent, spansSent, signals }, null, 2));
