import { AMPLE_MS } from '@telemetryflow-internal/test-utils';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHttpTransport, createTransport } from '../src/index.js';
import {
  builderFor,
  configFor,
  guardProcess,
  receiverFor,
  reportsTo,
  spanNames,
  started,
} from './helpers.js';

guardProcess();

interface Pems {
  ca: string;
  serverKey: string;
  serverCert: string;
  clientKey: string;
  clientCert: string;
}

let pems: Pems;
let dir: string;

beforeAll(async () => {
  const ec = { keyType: 'ec', algorithm: 'sha256' } as const;
  const ca = await generate([{ name: 'commonName', value: 'TelemetryFlow Test CA' }], {
    ...ec,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const signer = { ca: { key: ca.private, cert: ca.cert } };
  // The default extensions name localhost and 127.0.0.1.
  const server = await generate([{ name: 'commonName', value: 'localhost' }], { ...ec, ...signer });
  const client = await generate([{ name: 'commonName', value: 'svc-client' }], { ...ec, ...signer });
  pems = {
    ca: ca.cert,
    serverKey: server.private,
    serverCert: server.cert,
    clientKey: client.private,
    clientCert: client.cert,
  };
  dir = await mkdtemp(join(tmpdir(), 'tf-http-tls-'));
  await Promise.all([
    writeFile(join(dir, 'ca.pem'), pems.ca),
    writeFile(join(dir, 'client.pem'), pems.clientCert),
    writeFile(join(dir, 'client-key.pem'), pems.clientKey),
  ]);
});

afterAll(() => rm(dir, { recursive: true, force: true }));
afterEach(() => vi.unstubAllEnvs());

const tlsReceiver = (mutual = false) =>
  receiverFor({ tls: { key: pems.serverKey, cert: pems.serverCert, ...(mutual ? { ca: pems.ca } : {}) } });

describe('TLS (insecure off: https, certificate verified)', () => {
  it('exports over https to a collector whose CA is given with createHttpTransport({ ca })', async () => {
    const receiver = await tlsReceiver();
    const client = started(
      builderFor(receiver)
        .withInsecure(false)
        .withExporter(createHttpTransport({ ca: pems.ca })),
    );
    client.span('secure', () => undefined);
    await client.shutdown(AMPLE_MS);

    expect(receiver.url).toMatch(/^https:/);
    expect(spanNames(receiver)).toEqual(['secure']);
  });

  it('fails with a clear reason, and no retries, when the certificate cannot be verified', async () => {
    const receiver = await tlsReceiver();
    const transport = createTransport(configFor(receiver, { insecure: false }), reportsTo([]));
    const outcome = await transport.send('traces', new Uint8Array(0), { timeoutMs: AMPLE_MS });
    await transport.shutdown();

    expect(outcome).toEqual({
      status: 'failed',
      reason:
        `TLS certificate of ${receiver.url}/v1/traces not accepted ` +
        '(UNABLE_TO_VERIFY_LEAF_SIGNATURE: unable to verify the first certificate); ' +
        'pass the collector CA with createHttpTransport({ ca }) or OTEL_EXPORTER_OTLP_CERTIFICATE',
    });
    expect(receiver.requests).toEqual([]);
  });

  it('takes the CA and a client certificate from the OTEL_EXPORTER_OTLP_* files (mutual TLS)', async () => {
    const receiver = await tlsReceiver(true);
    vi.stubEnv('OTEL_EXPORTER_OTLP_CERTIFICATE', join(dir, 'ca.pem'));
    vi.stubEnv('OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE', join(dir, 'client.pem'));
    vi.stubEnv('OTEL_EXPORTER_OTLP_CLIENT_KEY', join(dir, 'client-key.pem'));
    const client = started(builderFor(receiver).withInsecure(false).withExporter(createTransport));
    client.span('mutual', () => undefined);
    await client.shutdown(AMPLE_MS);

    expect(spanNames(receiver)).toEqual(['mutual']);
    expect(receiver.requests[0]?.clientCertificate).toBe('svc-client');
  });

  it('fails the handshake when the collector requires a client certificate and none is given', async () => {
    const receiver = await tlsReceiver(true);
    const transport = createHttpTransport({ ca: pems.ca })(
      configFor(receiver, { insecure: false }),
      reportsTo([]),
    );
    const outcome = await transport.send('logs', new Uint8Array(0), { timeoutMs: AMPLE_MS });
    await transport.shutdown();
    expect(outcome.status).not.toBe('success');
    expect(receiver.accepted()).toEqual([]);
  });
});
