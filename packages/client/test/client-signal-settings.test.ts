import { AMPLE_MS, waitFor } from '@telemetryflow-internal/test-utils';
import {
  loopbackTransport,
  startHttpReceiver,
  startLoopbackClient,
} from '@telemetryflow-internal/test-utils/http-receiver';
import type { HttpReceiver } from '@telemetryflow-internal/test-utils/http-receiver';
import { afterEach, describe, expect, it } from 'vitest';
import { Credentials, TelemetryConfig, TelemetryFlowClient } from '../src/index.js';
import type { Diagnostic, ExportTransport, TelemetryConfigOptions } from '../src/index.js';
import { makeClient } from './helpers.js';

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((close) => close()));
});

const started = async (overrides: Partial<TelemetryConfigOptions>) => {
  const loopback = await startLoopbackClient(TelemetryFlowClient, overrides);
  cleanups.push(() => loopback.close());
  return loopback;
};

/** Items per accepted request of `signal`, in arrival order. */
const requestSizes = (receiver: HttpReceiver, signal: 'logs' | 'traces'): number[] =>
  receiver.accepted(signal).map((r) => {
    const request = r.request as Record<string, { scopeLogs?: unknown[]; scopeSpans?: unknown[] }[]>;
    const scopes = (request['resourceLogs'] ?? request['resourceSpans'] ?? []).flatMap(
      (rs) => (rs.scopeLogs ?? rs.scopeSpans ?? []) as Record<string, unknown[]>[],
    );
    return scopes.reduce((n, s) => n + (s['logRecords'] ?? s['spans'] ?? []).length, 0);
  });

/** The loopback transport, with a refused request (the receiver's 503) a retryable outcome, as OTLP says. */
const retryingTransport = (url: string): ExportTransport => {
  const inner = loopbackTransport(url);
  return {
    send: async (signal, body, options) => {
      const outcome = await inner.send(signal, body, options);
      return outcome.status === 'failed'
        ? { status: 'retryable', reason: `UNAVAILABLE (${outcome.reason})` }
        : outcome;
    },
    shutdown: () => inner.shutdown(),
  };
};

describe('metric export interval', () => {
  it('exports metrics every metricExportIntervalMs, apart from batchTimeoutMs, without a flush', async () => {
    const { client, receiver } = await started({ batchTimeoutMs: 60_000, metricExportIntervalMs: 200 });
    client.incrementCounter('jobs.done', 3);
    client.logInfo('waits for its 60 s batch');
    await waitFor(() => receiver.accepted('metrics').length > 0, 'a metric export');
    const names = receiver.metrics().map((m) => m.item['name']);
    expect(names).toContain('jobs.done');
    // The log record still waits for its batch: logs follow batchTimeoutMs, not the metric interval.
    expect(client.getStatus().signals.logs).toMatchObject({ exported: 0, queued: 1 });
    expect(receiver.accepted('logs')).toEqual([]);
  });
});

describe('per-signal pipeline settings', () => {
  it("honours each signal's batchMaxSize and maxQueueSize (past it, what is held live is encoded at once)", async () => {
    const loopback = await started({
      enableMetrics: false,
      batchMaxSize: 512,
      signalOverrides: { logs: { batchMaxSize: 3, maxQueueSize: 5 } },
    });
    const { client, receiver } = loopback;
    await loopback.flush(); // the resource is known: batches can be encoded
    // One synchronous burst: every sixth log finds 5 held live, which are encoded then (3 + 2).
    for (let i = 0; i < 20; i++) client.logInfo(`log ${i}`);
    for (let i = 0; i < 20; i++) client.span(`span ${i}`, () => undefined);
    await loopback.flush();
    // Requests may arrive in any order (several in flight).
    expect(requestSizes(receiver, 'logs').sort((x, y) => x - y)).toEqual([2, 2, 2, 2, 3, 3, 3, 3]);
    expect(client.getStatus().signals.logs).toMatchObject({
      recorded: 20,
      exported: 20,
      dropped: 0,
      failed: 0,
      queued: 0,
    });
    // Traces keep the client-wide settings: the 2048-item queue and 512-span batches.
    expect(requestSizes(receiver, 'traces')).toEqual([20]);
    expect(client.getStatus().signals.traces).toMatchObject({ recorded: 20, exported: 20, dropped: 0 });
  });

  it('cuts a batch that keeps being retried at exportTimeoutMs and counts its items failed', async () => {
    const receiver = await startHttpReceiver();
    cleanups.push(() => receiver.close());
    receiver.respond = () => ({ status: 503, body: 'unavailable' });
    const diagnostics: Diagnostic[] = [];
    const client = new TelemetryFlowClient(
      TelemetryConfig.create({
        credentials: Credentials.create('tfk_client-test', 'tfs_client-test-secret'),
        endpoint: receiver.address,
        protocol: 'http',
        serviceName: 'orders',
        enableMetrics: false,
        batchTimeoutMs: 20,
        // Without the batch deadline this batch would be retried for a very long time.
        maxRetries: 1_000_000,
        retryBackoffMs: 10,
        signalOverrides: { logs: { exportTimeoutMs: 1_500 } },
      }),
      { transport: retryingTransport(receiver.url), onDiagnostic: (d) => diagnostics.push(d) },
    );
    client.initialize();
    cleanups.unshift(() => client.shutdown(AMPLE_MS));
    for (let i = 0; i < 4; i++) client.logInfo(`log ${i}`);
    await client.flush(AMPLE_MS);
    const logs = client.getStatus().signals.logs;
    expect(logs).toMatchObject({
      recorded: 4,
      exported: 0,
      failed: 4,
      dropped: 0,
      queued: 0,
      lastOutcome: 'failed',
    });
    expect(logs.lastError).toContain('exportTimeoutMs of 1500 ms reached');
    expect(logs.lastError).not.toContain('gave up after');
    // Retried (every request was answered 503) until the deadline, not up to maxRetries.
    const attempts = receiver.requests.filter((r) => r.signal === 'logs').length;
    expect(attempts).toBeGreaterThanOrEqual(2);
    expect(attempts).toBeLessThanOrEqual(logs.retries + 1);
    expect(diagnostics.find((d) => d.code === 'TF_EXPORT_FAILED')?.message).toContain(
      'exportTimeoutMs of 1500 ms',
    );
  });

  it("gives each attempt at most the batch's time left, and never waits for a retry past the deadline", async () => {
    const { client, transport } = makeClient({
      enableMetrics: false,
      timeoutMs: 60_000,
      maxRetries: 1_000_000,
      signalOverrides: { logs: { exportTimeoutMs: 1_500 } },
    });
    transport.respond = () => ({ status: 'retryable', reason: 'UNAVAILABLE' });
    client.initialize();
    client.logInfo('a');
    client.logInfo('b');
    await client.flush(AMPLE_MS);
    const budgets = transport.attempts.filter((a) => a.signal === 'logs').map((a) => a.timeoutMs);
    expect(budgets.length).toBeGreaterThanOrEqual(2);
    for (const ms of budgets) expect(ms).toBeGreaterThan(0);
    for (const ms of budgets) expect(ms).toBeLessThanOrEqual(1_500);
    expect(budgets).toEqual([...budgets].sort((x, y) => y - x));
    expect(client.getStatus().signals.logs).toMatchObject({ failed: 2, exported: 0, dropped: 0, queued: 0 });

    // A server delay longer than the time left fails the batch at once instead of waiting for it.
    const delayed = makeClient({
      enableMetrics: false,
      signalOverrides: { logs: { exportTimeoutMs: 5_000 } },
    });
    delayed.transport.respond = () => ({
      status: 'retryable',
      reason: 'RESOURCE_EXHAUSTED',
      retryAfterMs: 120_000,
    });
    delayed.client.initialize();
    delayed.client.logInfo('c');
    await delayed.client.flush(AMPLE_MS);
    expect(delayed.transport.attempts).toHaveLength(1);
    expect(delayed.client.getStatus().signals.logs).toMatchObject({
      failed: 1,
      retries: 0,
      queued: 0,
      lastError: 'RESOURCE_EXHAUSTED (exportTimeoutMs of 5000 ms reached after 0 retries)',
    });
    await Promise.all([client.shutdown(AMPLE_MS), delayed.client.shutdown(AMPLE_MS)]);
  });
});
