import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { waitFor } from '@telemetryflow-internal/test-utils';
import { grpcReply, startGrpcReceiver } from '@telemetryflow-internal/test-utils/grpc-receiver';
import type { GrpcReceiver } from '@telemetryflow-internal/test-utils/grpc-receiver';
import { afterEach, describe, expect, it } from 'vitest';
import { testCertificates } from './support/certificates.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

/** Far below the 60 s deadline of the call in flight, ample for a process to end on a busy machine. */
const EXIT_BOUND_MS = 20_000;

/**
 * A process that starts one export to `endpoint` (60 s deadline) and stays alive only until its
 * stdin ends: after that, only the call in flight could keep it running.
 */
const exporter = (endpoint: string, ca: string | undefined) => `
  import { Credentials, TelemetryConfig } from '@telemetryflow/domain';
  import { createGrpcTransport } from '@telemetryflow/infrastructure-grpc';
  const config = TelemetryConfig.create({
    credentials: Credentials.create('tfk_a', 'tfs_b'), endpoint: ${JSON.stringify(endpoint)},
    serviceName: 's', insecure: ${ca === undefined},
  });
  const transport = createGrpcTransport({ ca: ${JSON.stringify(ca)} })(config, { report() {} });
  void transport.send('traces', new Uint8Array(), { timeoutMs: 60_000 });
  process.stdin.resume();
  process.stdin.on('end', () => process.stdin.pause());
`;

let receiver: GrpcReceiver | undefined;
afterEach(() => receiver?.close());

// Needs the built package (dist/).
describe('a call in flight to a collector that never answers', () => {
  it.each(['plaintext', 'TLS'] as const)(
    'does not keep the process alive when nothing else does (%s)',
    async (security) => {
      const pems = security === 'TLS' ? await testCertificates() : undefined;
      receiver = await startGrpcReceiver(pems ? { tls: { key: pems.key, cert: pems.cert } } : {});
      receiver.respond = () => grpcReply.hang();
      // By name for TLS, as the certificate says.
      const endpoint = `${pems ? 'localhost' : '127.0.0.1'}:${receiver.port}`;
      const child = spawn(process.execPath, ['--input-type=module', '-e', exporter(endpoint, pems?.cert)], {
        cwd: packageDir,
        stdio: ['pipe', 'inherit', 'inherit'],
      });
      const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
      try {
        const { requests } = receiver;
        await waitFor(() => requests.length === 1, 'the export call');
        const endedAt = Date.now();
        child.stdin.end();
        const [code] = await Promise.race([
          exited,
          new Promise<never>((_, reject) =>
            setTimeout(() => reject(new Error('the process is still alive')), EXIT_BOUND_MS).unref(),
          ),
        ]);
        expect(code).toBe(0);
        expect(Date.now() - endedAt).toBeLessThan(EXIT_BOUND_MS);
      } finally {
        child.kill();
      }
    },
  );
});
