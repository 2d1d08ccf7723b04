import { AMPLE_MS } from '@telemetryflow-internal/test-utils';
import type { HttpReceiver } from '@telemetryflow-internal/test-utils/http-receiver';
import { TelemetryFlowClient } from '@telemetryflow/client';
import type { Diagnostic } from '@telemetryflow/client';
import type { ExportOutcome, ExportTransport, SignalType, TelemetryConfig } from '@telemetryflow/domain';
import { generate } from 'selfsigned';
import { describe, expect, it } from 'vitest';
import { createHttpTransport } from '../src/index.js';
import type { HttpTransportOptions } from '../src/index.js';
import { KEY_ID, configFor, guardProcess, receiverFor, reportsTo, spanNames, track } from './helpers.js';

guardProcess();

const EMPTY = new Uint8Array();
const GATEWAY_KEY = 'gw-key-3f9a27c1d4';
const LOGS_GATEWAY_KEY = 'gw-logs-key-8e21b6';
const HEADERS = { 'x-gateway-key': GATEWAY_KEY, 'x-tenant-id': 'acme' };
const SIGNALS = ['traces', 'metrics', 'logs'] as const;
const ALL_SUCCESS = {
  traces: { status: 'success' },
  metrics: { status: 'success' },
  logs: { status: 'success' },
};

/** A transport made the way the client makes it, shut down after the test. */
const transportFor = (
  config: TelemetryConfig,
  reports: Diagnostic[] = [],
  options: HttpTransportOptions = {},
): ExportTransport => {
  const transport = createHttpTransport(options)(config, reportsTo(reports));
  track({ close: () => transport.shutdown() });
  return transport;
};

/** Sends one request of each signal, in the order traces, metrics, logs. */
const sendAll = async (transport: ExportTransport): Promise<Record<SignalType, ExportOutcome>> => {
  const outcomes: Partial<Record<SignalType, ExportOutcome>> = {};
  for (const signal of SIGNALS)
    outcomes[signal] = await transport.send(signal, EMPTY, { timeoutMs: AMPLE_MS });
  return outcomes as Record<SignalType, ExportOutcome>;
};

const pathsOf = (receiver: HttpReceiver): string[] => receiver.requests.map((r) => r.path);

describe('custom headers', () => {
  it("arrive with every signal's requests, a signal's own header over the common one", async () => {
    const receiver = await receiverFor();
    const config = configFor(receiver, {
      headers: HEADERS,
      signalOverrides: { logs: { headers: { 'X-Gateway-Key': LOGS_GATEWAY_KEY } } },
    });

    expect(await sendAll(transportFor(config))).toEqual(ALL_SUCCESS);

    const headersOf = (signal: SignalType) => receiver.requests.find((r) => r.signal === signal)?.headers;
    expect(headersOf('traces')).toMatchObject({ 'x-gateway-key': GATEWAY_KEY, 'x-tenant-id': 'acme' });
    expect(headersOf('metrics')).toMatchObject({ 'x-gateway-key': GATEWAY_KEY, 'x-tenant-id': 'acme' });
    expect(headersOf('logs')).toMatchObject({ 'x-gateway-key': LOGS_GATEWAY_KEY, 'x-tenant-id': 'acme' });
    // Next to, not instead of, the SDK's own headers.
    expect(headersOf('logs')).toMatchObject({
      'x-telemetryflow-key-id': KEY_ID,
      'content-type': 'application/x-protobuf',
    });
  });

  it("never come back in a reason, message or diagnostic, whether common or a signal's own", async () => {
    const receiver = await receiverFor();
    receiver.respond = ({ signal, headers }) =>
      signal === 'metrics'
        ? { partialSuccess: { rejected: 1, errorMessage: `dropped for key ${headers['x-gateway-key']}` } }
        : {
            status: 401,
            body: { error: `key ${headers['x-gateway-key']} of tenant ${headers['x-tenant-id']}` },
          };
    const reports: Diagnostic[] = [];
    const config = configFor(receiver, {
      headers: HEADERS,
      signalOverrides: { logs: { headers: { 'x-gateway-key': LOGS_GATEWAY_KEY } } },
    });

    const { traces, metrics, logs } = await sendAll(transportFor(config, reports));

    // 'acme' is too short to be taken for a secret.
    expect(traces).toEqual({ status: 'failed', reason: 'HTTP 401: key [REDACTED] of tenant acme' });
    expect(metrics).toEqual({ status: 'success', rejectedItems: 1, message: 'dropped for key [REDACTED]' });
    expect(logs).toEqual({ status: 'failed', reason: 'HTTP 401: key [REDACTED] of tenant acme' });
    // Reported again for logs: the metrics success in between cleared the first report.
    expect(reports.map((r) => r.code)).toEqual(['TF_HTTP_AUTH', 'TF_HTTP_AUTH']);
    for (const { message } of reports) expect(message).toContain('(HTTP 401: key [REDACTED] of tenant acme)');
    const visible = JSON.stringify([traces, metrics, logs, reports]);
    expect(visible).not.toContain(GATEWAY_KEY);
    expect(visible).not.toContain(LOGS_GATEWAY_KEY);
  });
});

describe('per-signal endpoints', () => {
  it('send traces to one collector, metrics and logs to another over one kept-alive connection', async () => {
    const a = await receiverFor();
    const b = await receiverFor();
    const config = configFor(b, { signalOverrides: { traces: { endpoint: a.address } } });

    expect(await sendAll(transportFor(config))).toEqual(ALL_SUCCESS);

    expect(pathsOf(a)).toEqual(['/v1/traces']);
    expect(pathsOf(b)).toEqual(['/v1/metrics', '/v1/logs']);
    expect(new Set(b.requests.map((r) => r.remotePort)).size).toBe(1);
  });

  it("keep the path prefix of a signal's endpoint URL, and still apply signalPaths", async () => {
    const a = await receiverFor();
    const b = await receiverFor();
    const config = configFor(a, {
      signalPaths: { logs: '/otlp/custom/logs', traces: '/otlp/custom/traces' },
      signalOverrides: {
        metrics: { endpoint: `${b.url}/gateway/` },
        logs: { endpoint: `${b.url}/gateway` },
      },
    });

    expect(await sendAll(transportFor(config))).toEqual(ALL_SUCCESS);

    expect(pathsOf(a)).toEqual(['/otlp/custom/traces']);
    expect(pathsOf(b)).toEqual(['/gateway/v1/metrics', '/gateway/otlp/custom/logs']);
  });

  it('use an https pool for the signals on https and an http pool for the others', async () => {
    const tls = await serverCertificate();
    const plain = await receiverFor();
    const secure = await receiverFor({ tls: { key: tls.key, cert: tls.cert } });
    const config = configFor(plain, {
      signalOverrides: { traces: { endpoint: `https://localhost:${secure.port}` } },
    });

    expect(await sendAll(transportFor(config, [], { ca: tls.cert }))).toEqual(ALL_SUCCESS);

    expect(pathsOf(secure)).toEqual(['/v1/traces']);
    expect(pathsOf(plain)).toEqual(['/v1/metrics', '/v1/logs']);
  });

  it('work through the client: each signal exported to its own collector with its own headers', async () => {
    const a = await receiverFor();
    const b = await receiverFor();
    const config = configFor(b, {
      headers: HEADERS,
      batchTimeoutMs: 20,
      signalOverrides: { traces: { endpoint: a.url, headers: { 'x-gateway-key': 'gw-traces-key-5d0c' } } },
    });
    const diagnostics: Diagnostic[] = [];
    const client = new TelemetryFlowClient(config, {
      transport: createHttpTransport(),
      onDiagnostic: (d) => diagnostics.push(d),
    });
    client.initialize();
    client.span('checkout', () => client.logInfo('charged'));
    client.incrementCounter('orders.created');
    await client.shutdown(AMPLE_MS);

    expect(spanNames(a)).toEqual(['checkout']);
    expect(b.logs()).toHaveLength(1);
    expect(b.metrics().map((m) => m.item['name'])).toContain('orders.created');
    expect(new Set(pathsOf(a))).toEqual(new Set(['/v1/traces']));
    expect(new Set(pathsOf(b))).toEqual(new Set(['/v1/metrics', '/v1/logs']));
    expect(new Set(a.requests.map((r) => r.headers['x-gateway-key']))).toEqual(
      new Set(['gw-traces-key-5d0c']),
    );
    expect(new Set(b.requests.map((r) => r.headers['x-gateway-key']))).toEqual(new Set([GATEWAY_KEY]));
    expect(diagnostics).toEqual([]);
  });
});

describe('per-signal compression', () => {
  it('gzips the traces bodies and not the metrics bodies, as each signal says', async () => {
    const receiver = await receiverFor();
    const config = configFor(receiver, {
      compression: true,
      signalOverrides: { metrics: { compression: false } },
    });
    const transport = transportFor(config);

    expect(await transport.send('traces', EMPTY, { timeoutMs: AMPLE_MS })).toEqual({ status: 'success' });
    expect(await transport.send('metrics', EMPTY, { timeoutMs: AMPLE_MS })).toEqual({ status: 'success' });

    expect(receiver.requests.map((r) => [r.path, r.gzip, r.headers['content-encoding']])).toEqual([
      ['/v1/traces', true, 'gzip'],
      ['/v1/metrics', false, undefined],
    ]);
  });

  it("falls back to plain bodies for the refused signal only, keeping the others' gzip", async () => {
    const receiver = await receiverFor();
    receiver.respond = (request) =>
      request.gzip && request.signal === 'traces' ? { status: 400, body: 'cannot gunzip' } : undefined;
    const reports: Diagnostic[] = [];
    const transport = transportFor(configFor(receiver, { compression: true }), reports);

    for (const signal of ['traces', 'traces', 'logs'] as const) {
      expect(await transport.send(signal, EMPTY, { timeoutMs: AMPLE_MS })).toEqual({ status: 'success' });
    }

    expect(receiver.requests.map((r) => [r.signal, r.gzip, r.status])).toEqual([
      ['traces', true, 400],
      ['traces', false, 200],
      ['traces', false, 200],
      ['logs', true, 200],
    ]);
    expect(reports.map((r) => r.code)).toEqual(['TF_HTTP_GZIP_FALLBACK']);
    expect(reports[0]?.message).toMatch(/refused a gzip-compressed traces request \(HTTP 400\)/);
  });
});

/** A self-signed certificate for `localhost`, its own CA. */
const serverCertificate = async (): Promise<{ key: string; cert: string }> => {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }] },
    ],
  });
  return { key: pems.private, cert: pems.cert };
};
