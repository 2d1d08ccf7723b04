import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');

// Runs as a real ES module script (top-level await) against the built package.
const SCRIPT = `
import { Credentials, TelemetryConfig, TelemetryFlowClient } from '@telemetryflow/client';
const transport = { send: async () => ({ status: 'success' }), shutdown: async () => {} };
const config = TelemetryConfig.create({
  credentials: Credentials.create('tfk_p', 'tfs_p'), endpoint: '127.0.0.1:4317', serviceName: 'p',
  rateLimit: 60, batchMaxSize: 1, enableMetrics: false,
});
const client = new TelemetryFlowClient(config, { transport, onDiagnostic: () => {} }).initialize();
for (let i = 0; i < 3; i++) client.logInfo('m' + i);
await client.flush(5000);
console.log('flushed', client.getStatus().signals.logs.exported);
await client.shutdown(1000);
console.log('shut down');
`;

describe('an awaited flush() / shutdown()', () => {
  it('keeps the process alive while the pipeline waits (here for a rate-limit token)', async () => {
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', SCRIPT], {
      cwd: packageDir,
      timeout: 60_000, // kills a child that hangs
    });
    expect(stdout.trim().split('\n')).toEqual(['flushed 3', 'shut down']);
  });
});
