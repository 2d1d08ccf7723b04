import { createServer } from 'node:http';
import { createServer as createHttp2Server } from 'node:http2';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo, Server } from 'node:net';
import { AMPLE_MS } from '@telemetryflow-internal/test-utils';
import { generate } from 'selfsigned';
import { afterEach, describe, expect, it } from 'vitest';
import { createTransport } from '../src/index.js';
import { configFor, guardProcess, reportsTo } from './helpers.js';

guardProcess();

// Collectors of the wrong kind for the transport's settings, each on an ephemeral loopback port.
const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((resolve) => s.close(() => resolve(undefined)));
});

const listening = async (server: Server): Promise<string> => {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
};

const sendTo = async (endpoint: string, insecure: boolean) => {
  const transport = createTransport(configFor({ address: endpoint }, { insecure }), reportsTo([]));
  const outcome = await transport.send('traces', new Uint8Array(0), { timeoutMs: AMPLE_MS });
  await transport.shutdown();
  return outcome;
};

describe('a collector that does not speak what the HTTP transport was told to', () => {
  it('fails at once, in one line with a hint, when TLS meets a plaintext port', async () => {
    const plain = await listening(createServer((_req, res) => res.end()));
    const outcome = await sendTo(`https://${plain}`, false);
    expect(outcome.status).toBe('failed');
    expect(outcome.status === 'failed' && outcome.reason).toMatch(
      /^TLS handshake with https:\/\/127\.0\.0\.1:\d+\/v1\/traces failed \(wrong version number\); the collector does not seem to speak TLS on this port \(plaintext needs insecure \/ withInsecure\(\)\)$/,
    );
  });

  it('fails at once with a hint when the port speaks HTTP/2 only (an OTLP/gRPC port)', async () => {
    const grpcLike = await listening(createHttp2Server((_req, res) => res.end()));
    const outcome = await sendTo(`http://${grpcLike}`, true);
    expect(outcome.status).toBe('failed');
    expect(outcome.status === 'failed' && outcome.reason).toContain(
      'did not answer in HTTP/1.1 (HPE_INVALID_CONSTANT): is it an OTLP/gRPC port? OTLP/HTTP is usually on 4318, OTLP/gRPC on 4317',
    );
  });

  it('stays retryable but says what to check when plaintext meets a TLS port', async () => {
    const { private: key, cert } = await generate([{ name: 'commonName', value: 'localhost' }], {
      keyType: 'ec',
      algorithm: 'sha256',
    });
    const tls = await listening(createTlsServer({ key, cert }, (_req, res) => res.end()));
    const outcome = await sendTo(`http://${tls}`, true);
    expect(outcome.status).toBe('retryable');
    expect(outcome.status === 'retryable' && outcome.reason).toContain(
      'if the collector expects TLS on this port, use https:// without insecure',
    );
  });
});
