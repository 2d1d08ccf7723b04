import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Server as GrpcServer, ServerCredentials } from '@grpc/grpc-js';
import { AMPLE_MS } from '@telemetryflow-internal/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { testCertificates } from './support/certificates.js';
import { configFor, transportFor } from './support/fixtures.js';

// Collectors of the wrong kind for a plaintext gRPC channel, each on an ephemeral loopback port.
const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(() => resolve(undefined)));
  }
});

const listening = async (server: Server): Promise<string> => {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
};

const sendTo = async (address: string) => {
  const { transport } = transportFor(configFor(address, { insecure: true }));
  const outcome = await transport.send('traces', new Uint8Array(0), { timeoutMs: AMPLE_MS });
  await transport.shutdown();
  return outcome;
};

describe('a collector that does not speak what the gRPC transport was told to', () => {
  it('says the port looks like an OTLP/HTTP one when it answers in HTTP/1.1', async () => {
    const outcome = await sendTo(await listening(createServer((_req, res) => res.end())));
    expect(outcome.status).toBe('retryable');
    expect(outcome.status === 'retryable' && outcome.reason).toContain(
      'the collector does not speak HTTP/2 on this port: is it an OTLP/HTTP port? OTLP/gRPC is usually on 4317, OTLP/HTTP on 4318',
    );
  });

  it('says to drop insecure when a plaintext channel meets a TLS port', async () => {
    const { key, cert } = await testCertificates();
    const outcome = await sendTo(await listening(createTlsServer({ key, cert }, (_req, res) => res.end())));
    expect(outcome.status).toBe('retryable');
    expect(outcome.status === 'retryable' && outcome.reason).toContain(
      'if the collector expects TLS on this port, drop insecure / withInsecure()',
    );
  });

  it('names the method and the target when the server is a gRPC server without the OTLP services', async () => {
    const server = new GrpcServer();
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) =>
        error === null ? resolve(bound) : reject(error),
      ),
    );
    try {
      const outcome = await sendTo(`127.0.0.1:${port}`);
      expect(outcome.status).toBe('failed');
      expect(outcome.status === 'failed' && outcome.reason).toMatch(
        new RegExp(
          '^UNIMPLEMENTED: .* \\(/opentelemetry\\.proto\\.collector\\.trace\\.v1\\.TraceService/Export ' +
            `at 127\\.0\\.0\\.1:${port}: the server takes no OTLP traces, or is not an OTLP/gRPC receiver\\)$`,
        ),
      );
    } finally {
      server.forceShutdown();
    }
  });
});
