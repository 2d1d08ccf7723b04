import { ConfigError } from '@telemetryflow/client';
import { AMPLE_MS, waitFor } from '@telemetryflow-internal/test-utils';
import { describe, expect, it } from 'vitest';
import { createHttpTransport, createTransport } from '../src/index.js';
import { builderFor, configFor, guardProcess, receiverFor, reportsTo, started } from './helpers.js';

const { warnings } = guardProcess();

const BODY = new Uint8Array(0);

describe('timeouts', () => {
  it('gives up on a collector that never answers: retryable, and the client still shuts down in time', async () => {
    const receiver = await receiverFor();
    receiver.respond = () => ({ hang: true });
    const transport = createTransport(configFor(receiver), reportsTo([]));
    const outcome = await transport.send('traces', BODY, { timeoutMs: 200 });
    await transport.shutdown();
    expect(outcome).toEqual({
      status: 'retryable',
      reason: `no complete response from ${receiver.url}/v1/traces within 200 ms`,
    });

    // Through the client, against a receiver of its own: each attempt's deadline is long enough for
    // its request to reach the receiver on a busy machine, so the receiver counts the attempts.
    const hanging = await receiverFor();
    hanging.respond = () => ({ hang: true });
    const client = started(builderFor(hanging).withTracesOnly().withTimeout(3_000).withRetry(true, 1, 10));
    client.span('stuck', () => undefined);
    await client.flush(AMPLE_MS);
    await client.shutdown(1_000); // resolves: nothing hangs
    expect(hanging.requests).toHaveLength(2); // the attempt and its one retry
    expect(client.getStatus().signals.traces).toMatchObject({ exported: 0, failed: 1, retries: 1 });
  });

  it('shuts down within its timeout while a request hangs, counting the span as dropped', async () => {
    const receiver = await receiverFor();
    receiver.respond = () => ({ hang: true });
    const client = started(builderFor(receiver).withTracesOnly().withTimeout(60_000));
    client.span('hung', () => undefined);
    await waitFor(() => receiver.requests.length === 1, 'the request');

    await client.shutdown(300);

    expect(client.getStatus().signals.traces).toMatchObject({ dropped: 1, queued: 0, exported: 0 });
  });

  it('counts a body that never finishes against the same deadline', async () => {
    const receiver = await receiverFor();
    receiver.respond = () => ({ delayMs: 5_000 });
    const transport = createTransport(configFor(receiver), reportsTo([]));
    const outcome = await transport.send('logs', BODY, { timeoutMs: 150 });
    await transport.shutdown();
    expect(outcome.status).toBe('retryable');
  });
});

describe('connection failures', () => {
  it('is retryable when nothing listens on the port (connection refused)', async () => {
    const receiver = await receiverFor();
    await receiver.close();
    const transport = createTransport(configFor(receiver), reportsTo([]));
    const outcome = await transport.send('traces', BODY, { timeoutMs: AMPLE_MS });
    await transport.shutdown();
    expect(outcome.status).toBe('retryable');
    expect(outcome.status === 'retryable' && outcome.reason).toMatch(/ECONNREFUSED/);

    const client = started(builderFor(receiver).withTracesOnly());
    client.span('nobody-home', () => undefined);
    await client.flush(AMPLE_MS);
    expect(client.getStatus().signals.traces).toMatchObject({ exported: 0, failed: 1, retries: 2 });
  });
});

describe('shutdown', () => {
  it('fails sends after shutdown without touching the network', async () => {
    const receiver = await receiverFor();
    const transport = createTransport(configFor(receiver), reportsTo([]));
    await transport.shutdown();
    await expect(transport.send('traces', BODY, { timeoutMs: AMPLE_MS })).resolves.toEqual({
      status: 'failed',
      reason: 'the HTTP transport is shut down',
    });
    expect(receiver.requests).toEqual([]);
  });

  it('ends a request in flight as failed', async () => {
    const receiver = await receiverFor();
    receiver.respond = () => ({ hang: true });
    const transport = createTransport(configFor(receiver), reportsTo([]));
    const sending = transport.send('metrics', BODY, { timeoutMs: AMPLE_MS });
    await waitFor(() => receiver.requests.length === 1, 'the request to arrive');
    await transport.shutdown();
    await expect(sending).resolves.toEqual({ status: 'failed', reason: 'the HTTP transport is shut down' });
  });
});

describe('robustness', () => {
  it('sends many requests at once over a bounded pool, without warnings', async () => {
    const receiver = await receiverFor();
    receiver.respond = () => ({ delayMs: 20 });
    const transport = createHttpTransport({ maxSockets: 2 })(configFor(receiver), reportsTo([]));
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, () => transport.send('traces', BODY, { timeoutMs: AMPLE_MS })),
    );
    await transport.shutdown();

    expect(outcomes.every((o) => o.status === 'success')).toBe(true);
    expect(new Set(receiver.requests.map((r) => r.remotePort)).size).toBeLessThanOrEqual(2);
    expect(warnings).toEqual([]);
  });

  it('keeps the outcome when the diagnostics sink throws', async () => {
    const receiver = await receiverFor();
    receiver.respond = () => ({ status: 403, body: { error: 'nope' } });
    const throwing = {
      report: () => {
        throw new Error('sink broke');
      },
    };
    const transport = createTransport(configFor(receiver), throwing);
    await expect(transport.send('logs', BODY, { timeoutMs: AMPLE_MS })).resolves.toEqual({
      status: 'failed',
      reason: 'HTTP 403: nope',
    });
    await transport.shutdown();
  });

  it('rejects options that make no sense when the factory is made', () => {
    expect(() => createHttpTransport({ maxResponseBytes: 0 })).toThrow(ConfigError);
    expect(() => createHttpTransport({ maxSockets: 1.5 })).toThrow(/maxSockets must be a positive integer/);
  });
});
