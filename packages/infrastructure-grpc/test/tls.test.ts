import { AMPLE_MS } from '@telemetryflow-internal/test-utils';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGrpcReceiver } from '@telemetryflow-internal/test-utils/grpc-receiver';
import type { GrpcReceiver, GrpcReceiverTls } from '@telemetryflow-internal/test-utils/grpc-receiver';
import { ConfigError } from '@telemetryflow/client';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { OTEL_TLS_ENV, createGrpcTransport, createTransport } from '../src/index.js';
import { testCertificates } from './support/certificates.js';
import type { TestCertificates } from './support/certificates.js';
import { clientFor, configFor, transportFor } from './support/fixtures.js';
import { guardProcess } from './support/guards.js';

guardProcess();

const EMPTY = new Uint8Array();
const dir = mkdtempSync(join(tmpdir(), 'tf-grpc-tls-'));
const file = (name: string, content: string): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

let pems: TestCertificates;
let receiver: GrpcReceiver;
// By name, as the certificate says: grpc-js would send an IP as TLS server name, which Node warns about.
const endpoint = (): string => `localhost:${receiver.port}`;
const tlsConfig = () => configFor(endpoint(), { insecure: false });

beforeAll(async () => {
  pems = await testCertificates();
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await receiver.close();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('TLS with a self-signed collector certificate', () => {
  beforeEach(async () => {
    receiver = await startGrpcReceiver({ tls: { key: pems.key, cert: pems.cert } });
  });

  it('exports when the CA is given to createGrpcTransport({ ca })', async () => {
    const exporter = createGrpcTransport({ ca: pems.cert });
    const { client } = clientFor(receiver, { endpoint: endpoint(), insecure: false, exporter });
    client.initialize();
    client.logInfo('over tls');
    await client.shutdown(AMPLE_MS);

    expect(receiver.logs()).toHaveLength(1);
    expect(client.getStatus().signals.logs).toMatchObject({ exported: 1, failed: 0 });
  });

  it('fails verification against the system CAs at once, saying why and what to do', async () => {
    const { transport } = transportFor(tlsConfig());

    const outcome = await transport.send('logs', EMPTY, { timeoutMs: AMPLE_MS });
    await transport.shutdown();

    expect(outcome).toEqual({
      status: 'failed',
      reason:
        'UNAVAILABLE: TLS certificate of the collector not accepted (self-signed certificate); ' +
        'pass the collector CA with createGrpcTransport({ ca }) or OTEL_EXPORTER_OTLP_CERTIFICATE',
    });
    expect(receiver.requests).toHaveLength(0);
  });

  it('does not retry an export whose certificate is not accepted', async () => {
    const { client } = clientFor(receiver, { endpoint: endpoint(), insecure: false, maxRetries: 3 });
    client.initialize();
    client.logInfo('never arrives');
    await client.shutdown(AMPLE_MS);

    expect(client.getStatus().signals.logs).toMatchObject({ retries: 0, failed: 1 });
    expect(client.getStatus().signals.logs.lastError).toMatch(
      /TLS certificate of the collector not accepted/,
    );
  });

  it('reads the CA from the file in OTEL_EXPORTER_OTLP_CERTIFICATE with the default factory', async () => {
    vi.stubEnv(OTEL_TLS_ENV.CERTIFICATE, file('ca.pem', pems.cert));
    const transport = createTransport(tlsConfig(), { report: () => undefined });

    const outcome = await transport.send('logs', EMPTY, { timeoutMs: AMPLE_MS });
    await transport.shutdown();

    expect(outcome).toEqual({ status: 'success' });
  });

  it('makes initialize() throw a ConfigError for a CA that is not PEM', () => {
    const exporter = createGrpcTransport({ ca: 'not a pem' });
    const { client } = clientFor(receiver, { endpoint: endpoint(), insecure: false, exporter });

    expect(() => client.initialize()).toThrow(ConfigError);
    expect(() => client.initialize()).toThrow(
      /gRPC ca \(option ca or OTEL_EXPORTER_OTLP_CERTIFICATE\) is not a PEM/,
    );
  });

  it('fails at once, with a hint, when the collector speaks plaintext', async () => {
    await receiver.close();
    receiver = await startGrpcReceiver();
    const { transport } = transportFor(tlsConfig(), { ca: pems.cert });

    const outcome = await transport.send('logs', EMPTY, { timeoutMs: AMPLE_MS });
    await transport.shutdown();

    expect(outcome).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(
        /^UNAVAILABLE: TLS handshake failed \(wrong version number\); .*withInsecure/,
      ) as unknown,
    });
  });
});

describe('TLS settings with an insecure configuration', () => {
  beforeEach(async () => {
    receiver = await startGrpcReceiver();
  });

  it('uses plaintext and says the certificates are not used', async () => {
    const { client, diagnostics } = clientFor(receiver, { exporter: createGrpcTransport({ ca: pems.cert }) });
    client.initialize();
    client.logInfo('plaintext');
    await client.shutdown(AMPLE_MS);

    expect(receiver.logs()).toHaveLength(1);
    expect(diagnostics.map((d) => d.code)).toEqual(['TF_GRPC_TLS_IGNORED']);
  });
});

describe('mutual TLS', () => {
  beforeEach(async () => {
    const tls: GrpcReceiverTls = { key: pems.key, cert: pems.cert, ca: pems.cert, requireClientCert: true };
    receiver = await startGrpcReceiver({ tls });
  });

  it('exports with the client certificate and key from the options', async () => {
    const { transport } = transportFor(tlsConfig(), {
      ca: pems.cert,
      cert: pems.clientCert,
      key: pems.clientKey,
    });

    expect(await transport.send('traces', EMPTY, { timeoutMs: AMPLE_MS })).toEqual({ status: 'success' });
    await transport.shutdown();
  });

  it('exports with the client certificate and key from the OTEL_EXPORTER_OTLP_CLIENT_* files', async () => {
    const env = {
      [OTEL_TLS_ENV.CERTIFICATE]: file('ca2.pem', pems.cert),
      [OTEL_TLS_ENV.CLIENT_CERTIFICATE]: file('client.pem', pems.clientCert),
      [OTEL_TLS_ENV.CLIENT_KEY]: file('client-key.pem', pems.clientKey),
    };
    const { transport } = transportFor(tlsConfig(), { env });

    expect(await transport.send('traces', EMPTY, { timeoutMs: AMPLE_MS })).toEqual({ status: 'success' });
    await transport.shutdown();
  });

  it('is refused without a client certificate, failing with a hint', async () => {
    const { transport } = transportFor(tlsConfig(), { ca: pems.cert });

    const outcome = await transport.send('traces', EMPTY, { timeoutMs: AMPLE_MS });
    await transport.shutdown();

    expect(outcome).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(
        /^UNAVAILABLE: TLS handshake failed \(.*certificate required\); the collector wants a client certificate/,
      ) as unknown,
    });
    expect(receiver.requests).toHaveLength(0);
  });
});
