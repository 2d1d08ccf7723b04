import { createRequire } from 'node:module';
import { BATCH_MAX_SIZE, HOT_PATH_DELAY_MS, UNBOUNDED_RATE_LIMIT } from './settings.js';

/**
 * An initialized TelemetryFlow client for hot-path measurements, its resource detected: a transport
 * that answers success at once (no network), no timer firing during a run, no rate limit. Imported
 * lazily, so a worker that measures raw OpenTelemetry alone never loads the client.
 * @param {string} serviceName
 * @param {{ enableExemplars?: boolean, registerGlobal?: boolean, commonjs?: boolean }} [options]
 *   exemplars are on by default, as in the client; `registerGlobal` makes its providers
 *   OpenTelemetry's globals; `commonjs` loads the client's CommonJS build (`require`), not its ESM one
 */
export const hotPathClient = async (
  serviceName,
  { enableExemplars = true, registerGlobal = false, commonjs = false } = {},
) => {
  const { Credentials, TelemetryConfig, TelemetryFlowClient } = commonjs
    ? createRequire(import.meta.url)('@telemetryflow/client')
    : await import('@telemetryflow/client');
  const config = TelemetryConfig.create({
    credentials: Credentials.create('tfk_bench', 'tfs_bench'),
    endpoint: '127.0.0.1:4317',
    serviceName,
    batchMaxSize: BATCH_MAX_SIZE,
    batchTimeoutMs: HOT_PATH_DELAY_MS,
    rateLimit: UNBOUNDED_RATE_LIMIT,
    enableExemplars,
  });
  const transport = { send: () => Promise.resolve({ status: 'success' }), shutdown: () => Promise.resolve() };
  const client = new TelemetryFlowClient(config, {
    transport,
    registerGlobal,
    onDiagnostic: () => {},
  }).initialize();
  // Until the resource detectors answer (a few ms), batches cannot be encoded and what is recorded
  // waits live (docs/CONFIGURATION.md); flush() waits for them. A running service's client is past
  // that moment: so is the one measured.
  await client.flush();
  return client;
};
