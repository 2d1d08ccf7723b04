import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

/** Runs a script against the built package in a fresh Node process and returns what it printed. */
const run = (args: string[]): Record<string, boolean> =>
  JSON.parse(execFileSync(process.execPath, args, { cwd: packageDir, encoding: 'utf8' })) as Record<
    string,
    boolean
  >;

const PROBE = `
  const loaded = (name) => Object.keys(require.cache).some((k) => k.includes('/node_modules/' + name + '/'));
  const heavy = () =>
    ['@grpc/grpc-js', '@opentelemetry/otlp-transformer', '@opentelemetry/otlp-grpc-exporter-base'].some(loaded);
  const { Credentials, TelemetryConfig } = require('@telemetryflow/domain');
  const config = TelemetryConfig.create({
    credentials: Credentials.create('tfk_a', 'tfs_b'), endpoint: '127.0.0.1:4317', serviceName: 's', insecure: true,
  });
`;

// Needs the built package (dist/).
describe('importing @telemetryflow/infrastructure-grpc', () => {
  // Loading grpc-js is most of a cold start: the client's initialize() must not pay for it.
  it('does not load grpc-js at import nor when the transport is created, only at the first export (ESM)', () => {
    const script = `
      import { createRequire } from 'node:module';
      const require = createRequire(process.cwd() + '/package.json');
      ${PROBE}
      const { createTransport } = await import('@telemetryflow/infrastructure-grpc');
      const atImport = heavy();
      const transport = createTransport(config, { report() {} });
      const atCreate = heavy();
      const outcome = await transport.send('traces', new Uint8Array(), { timeoutMs: 200 });
      const atSend = loaded('@grpc/grpc-js');
      await transport.shutdown();
      console.log(JSON.stringify({ atImport, atCreate, atSend, answered: typeof outcome.status === 'string' }));`;

    expect(run(['--input-type=module', '-e', script])).toEqual({
      atImport: false,
      atCreate: false,
      atSend: true,
      answered: true,
    });
  });

  it('does not load grpc-js at import nor when the transport is created (CommonJS)', () => {
    const script = `
      ${PROBE}
      const { createTransport } = require('@telemetryflow/infrastructure-grpc');
      const atImport = heavy();
      const transport = createTransport(config, { report() {} });
      const atCreate = heavy();
      transport.shutdown().then(() => console.log(JSON.stringify({ atImport, atCreate })));`;

    expect(run(['-e', script])).toEqual({ atImport: false, atCreate: false });
  });
});
