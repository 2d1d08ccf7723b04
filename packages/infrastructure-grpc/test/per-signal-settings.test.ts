import { AMPLE_MS } from '@telemetryflow-internal/test-utils';
import { grpcReply, startGrpcReceiver } from '@telemetryflow-internal/test-utils/grpc-receiver';
import type { GrpcReceiver } from '@telemetryflow-internal/test-utils/grpc-receiver';
import { TelemetryFlowClient } from '@telemetryflow/client';
import type { Diagnostic } from '@telemetryflow/client';
import type { ExportOutcome, ExportTransport, SignalType } from '@telemetryflow/domain';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GrpcStatus, createGrpcTransport } from '../src/index.js';
import { testCertificates } from './support/certificates.js';
import type { TestCertificates } from './support/certificates.js';
import { configFor, logsRequest, transportFor } from './support/fixtures.js';
import { guardProcess } from './support/guards.js';
import { startWireSniffer } from './support/wire-sniffer.js';

guardProcess();

const EMPTY = new Uint8Array();
const GATEWAY_KEY = 'gw-key-3f9a27c1d4';
const LOGS_GATEWAY_KEY = 'gw-logs-key-8e21b6';
const HEADERS = { 'x-gateway-key': GATEWAY_KEY, 'x-tenant-id': 'acme' };

const receivers: { close(): Promise<void> }[] = [];
const started = async (tls?: TestCertificates): Promise<GrpcReceiver> => {
  const receiver = await startGrpcReceiver(tls && { tls: { key: tls.key, cert: tls.cert } });
  receivers.push(receiver);
  return receiver;
};

afterEach(async () => {
  for (const receiver of receivers.splice(0)) await receiver.close();
});

const SIGNALS = ['traces', 'metrics', 'logs'] as const;
const ALL_SUCCESS = {
  traces: { status: 'success' },
  metrics: { status: 'success' },
  logs: { status: 'success' },
};

/** Sends one call of each signal, in the order traces, metrics, logs, then shuts the transport down. */
const sendAll = async (transport: ExportTransport): Promise<Record<SignalType, ExportOutcome>> => {
  const outcomes: Partial<Record<SignalType, ExportOutcome>> = {};
  for (const signal of SIGNALS)
    outcomes[signal] = await transport.send(signal, EMPTY, { timeoutMs: AMPLE_MS });
  await transport.shutdown();
  return outcomes as Record<SignalType, ExportOutcome>;
};

const peersOf = (receiver: GrpcReceiver): Set<string> => new Set(receiver.requests.map((r) => r.peer));

describe('custom headers', () => {
  it("arrive as metadata with every signal's calls, a signal's own header over the common one", async () => {
    const receiver = await started();
    const config = configFor(receiver.address, {
      headers: HEADERS,
      signalOverrides: { logs: { headers: { 'X-Gateway-Key': LOGS_GATEWAY_KEY } } },
    });

    expect(await sendAll(transportFor(config).transport)).toEqual(ALL_SUCCESS);

    const metadataOf = (signal: SignalType) => receiver.requestsOf(signal)[0]?.metadata;
    expect(metadataOf('traces')).toMatchObject({ 'x-gateway-key': GATEWAY_KEY, 'x-tenant-id': 'acme' });
    expect(metadataOf('metrics')).toMatchObject({ 'x-gateway-key': GATEWAY_KEY, 'x-tenant-id': 'acme' });
    expect(metadataOf('logs')).toMatchObject({ 'x-gateway-key': LOGS_GATEWAY_KEY, 'x-tenant-id': 'acme' });
    // Next to, not instead of, the API key headers.
    expect(metadataOf('logs')?.['x-telemetryflow-key-id']).toBe('tfk_grpc-test-key');
  });

  it('go over one channel for all signals when only headers differ per signal', async () => {
    const receiver = await started();
    const config = configFor(receiver.address, {
      headers: HEADERS,
      signalOverrides: { logs: { headers: { 'x-gateway-key': LOGS_GATEWAY_KEY } } },
    });

    await sendAll(transportFor(config).transport);

    expect(receiver.requests).toHaveLength(3);
    expect(peersOf(receiver).size).toBe(1);
  });

  it("never come back in a reason or message, whether common or a signal's own", async () => {
    const receiver = await started();
    receiver.respond = (request) =>
      request.signal === 'metrics'
        ? grpcReply.partialSuccess(1, `dropped for key ${request.metadata['x-gateway-key']}`)
        : grpcReply.status(
            GrpcStatus.UNAUTHENTICATED,
            `gateway refused key ${request.metadata['x-gateway-key']} of tenant ${request.metadata['x-tenant-id']}`,
          );
    const config = configFor(receiver.address, {
      headers: HEADERS,
      signalOverrides: { logs: { headers: { 'x-gateway-key': LOGS_GATEWAY_KEY } } },
    });

    const { traces, metrics, logs } = await sendAll(transportFor(config).transport);

    expect(traces).toEqual({
      status: 'failed',
      reason: 'UNAUTHENTICATED: gateway refused key [REDACTED] of tenant acme', // 'acme' is too short to be a secret
    });
    expect(metrics).toEqual({ status: 'success', rejectedItems: 1, message: 'dropped for key [REDACTED]' });
    expect(logs).toEqual({
      status: 'failed',
      reason: 'UNAUTHENTICATED: gateway refused key [REDACTED] of tenant acme',
    });
  });
});

describe('per-signal endpoints', () => {
  it('send traces to one collector, metrics and logs to another, over one channel each', async () => {
    const a = await started();
    const b = await started();
    const config = configFor(b.address, { signalOverrides: { traces: { endpoint: a.address } } });

    expect(await sendAll(transportFor(config).transport)).toEqual(ALL_SUCCESS);

    expect(a.requests.map((r) => r.signal)).toEqual(['traces']);
    expect(b.requests.map((r) => r.signal)).toEqual(['metrics', 'logs']);
    expect(peersOf(b).size).toBe(1);
  });

  it('open exactly one channel for all signals when no signal has its own endpoint', async () => {
    const receiver = await started();
    const { transport } = transportFor(configFor(receiver.address, { headers: HEADERS }));

    for (let round = 0; round < 2; round++) {
      for (const signal of SIGNALS) await transport.send(signal, EMPTY, { timeoutMs: AMPLE_MS });
    }
    await transport.shutdown();

    expect(receiver.requests).toHaveLength(6);
    expect(peersOf(receiver).size).toBe(1);
  });

  it('share one channel between signals whose own endpoint is the common one', async () => {
    const receiver = await started();
    const config = configFor(receiver.address, {
      signalOverrides: { metrics: { endpoint: receiver.address } },
    });

    await sendAll(transportFor(config).transport);

    expect(peersOf(receiver).size).toBe(1);
  });

  describe('with TLS for one signal', () => {
    let pems: TestCertificates;
    beforeAll(async () => {
      pems = await testCertificates();
    });

    it('use TLS with the shared CA for that signal and plaintext for the others', async () => {
      const plain = await started();
      const secure = await started(pems);
      const config = configFor(plain.address, {
        signalOverrides: { metrics: { endpoint: `localhost:${secure.port}`, insecure: false } },
      });
      const { transport, reports } = transportFor(config, { ca: pems.cert });

      expect(await sendAll(transport)).toEqual(ALL_SUCCESS);

      expect(plain.requests.map((r) => r.signal)).toEqual(['traces', 'logs']);
      expect(secure.requests.map((r) => r.signal)).toEqual(['metrics']);
      expect(reports).toEqual([]); // the CA is used, by the metrics channel
    });

    it('still say the certificates are unused when no signal uses TLS', async () => {
      const config = configFor('127.0.0.1:4317', {
        signalOverrides: { metrics: { endpoint: '127.0.0.1:4318' } },
      });
      const { transport, reports } = transportFor(config, { ca: pems.cert });
      await transport.shutdown();

      expect(reports).toEqual([
        'TF_GRPC_TLS_IGNORED: gRPC TLS certificates are configured but not used: the connection is insecure (plaintext)',
      ]);
    });
  });

  it('work through the client: each signal exported to its own collector', async () => {
    const a = await started();
    const b = await started();
    const config = configFor(b.address, {
      headers: HEADERS,
      batchTimeoutMs: 20,
      signalOverrides: {
        traces: { endpoint: a.address, headers: { 'x-gateway-key': 'gw-traces-key-5d0c' } },
      },
    });
    const diagnostics: Diagnostic[] = [];
    const client = new TelemetryFlowClient(config, {
      transport: createGrpcTransport(),
      onDiagnostic: (d) => diagnostics.push(d),
    });
    client.initialize();
    client.span('checkout', () => client.logInfo('charged'));
    client.incrementCounter('orders.created');
    await client.shutdown(AMPLE_MS);

    expect(a.spans().map((s) => s.item['name'])).toEqual(['checkout']);
    expect(b.logs()).toHaveLength(1);
    expect(b.metrics().map((m) => m.item['name'])).toContain('orders.created');
    expect(new Set(a.requests.map((r) => r.signal))).toEqual(new Set(['traces']));
    expect(new Set(b.requests.map((r) => r.signal))).toEqual(new Set(['metrics', 'logs']));
    expect(new Set(a.requests.map((r) => r.metadata['x-gateway-key']))).toEqual(
      new Set(['gw-traces-key-5d0c']),
    );
    expect(new Set(b.requests.map((r) => r.metadata['x-gateway-key']))).toEqual(new Set([GATEWAY_KEY]));
    expect(diagnostics).toEqual([]);
  });
});

describe('per-signal compression', () => {
  // Long enough for gzip to pay off, so compressed and plain sizes differ.
  const BODY = logsRequest('compress me '.repeat(10));

  it('gzips the traces calls and not the metrics calls, as each signal says', async () => {
    const sniffer = await startWireSniffer();
    receivers.push(sniffer);
    const config = configFor(sniffer.address, {
      compression: true,
      signalOverrides: { metrics: { compression: false } },
    });
    const { transport } = transportFor(config);

    expect(await transport.send('traces', BODY, { timeoutMs: AMPLE_MS })).toEqual({ status: 'success' });
    expect(await transport.send('metrics', BODY, { timeoutMs: AMPLE_MS })).toEqual({ status: 'success' });
    await transport.shutdown();

    const [traces, metrics] = sniffer.requests;
    expect(traces?.headers[':path']).toMatch(/TraceService/);
    expect([traces?.headers['grpc-encoding'], traces?.compressedFlag]).toEqual(['gzip', 1]);
    expect(traces?.wireBytes).toBeLessThan(BODY.byteLength);
    expect(metrics?.headers[':path']).toMatch(/MetricsService/);
    expect([metrics?.headers['grpc-encoding'] ?? 'identity', metrics?.compressedFlag]).toEqual([
      'identity',
      0,
    ]);
    expect(metrics?.message.equals(BODY)).toBe(true);
    // grpc-js compresses per channel, so the signal that differs gets a channel of its own.
    expect(sniffer.connections()).toBe(2);
  });
});
