import { Agent } from 'node:http';
import { AMPLE_MS } from '@telemetryflow-internal/test-utils';
import type { Diagnostic } from '@telemetryflow/client';
import { describe, expect, it } from 'vitest';
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

const BODY = new Uint8Array(0);

describe('kept-alive connections the collector closed', () => {
  it('resends at once on a fresh connection, without a retry or its backoff', async () => {
    const receiver = await receiverFor();
    // The second request reuses the first one's connection, which the collector closes unanswered.
    receiver.respond = (_request, count) => (count === 2 ? { reset: true } : undefined);
    const diagnostics: Diagnostic[] = [];
    // A retry would wait a minute: the flush below only ends in time if no retry happens.
    const client = started(builderFor(receiver, diagnostics).withTracesOnly().withRetry(true, 3, 60_000));
    client.span('first', () => undefined);
    await client.flush(AMPLE_MS);
    client.span('second', () => undefined);
    await client.flush(AMPLE_MS);

    const [first, reset, resent] = receiver.requests;
    expect(receiver.requests).toHaveLength(3);
    expect(reset?.remotePort).toBe(first?.remotePort);
    expect(resent?.remotePort).not.toBe(first?.remotePort);
    expect(spanNames(receiver)).toEqual(['first', 'second']);
    expect(client.getStatus().signals.traces).toMatchObject({ exported: 2, failed: 0, retries: 0 });
    expect(diagnostics.filter((d) => /retrying|lost/.test(d.message))).toEqual([]);
  });

  it('does not lose the last batch of a short shutdown', async () => {
    const receiver = await receiverFor();
    receiver.respond = (_request, count) => (count === 2 ? { reset: true } : undefined);
    const client = started(builderFor(receiver).withTracesOnly().withRetry(true, 3, 60_000));
    client.span('warm-up', () => undefined);
    await client.flush(AMPLE_MS);
    client.span('last', () => undefined);
    await client.shutdown(2_000);

    expect(spanNames(receiver)).toEqual(['warm-up', 'last']);
    expect(client.getStatus().signals.traces).toMatchObject({ exported: 2, dropped: 0, failed: 0 });
  });

  it('resends only once: a fresh connection closed unanswered is an ordinary retryable failure', async () => {
    const receiver = await receiverFor();
    receiver.respond = (_request, count) => (count >= 2 ? { reset: true } : undefined);
    const transport = createTransport(configFor(receiver), reportsTo([]));
    await expect(transport.send('traces', BODY, { timeoutMs: AMPLE_MS })).resolves.toEqual({
      status: 'success',
    });
    const outcome = await transport.send('traces', BODY, { timeoutMs: AMPLE_MS });
    await transport.shutdown();

    expect(outcome.status).toBe('retryable');
    expect(outcome.status === 'retryable' && outcome.reason).toMatch(/socket hang up|ECONNRESET/);
    expect(receiver.requests).toHaveLength(3);
  });

  it('does not resend a request whose first connection was new', async () => {
    const receiver = await receiverFor();
    receiver.respond = () => ({ reset: true });
    const transport = createTransport(configFor(receiver), reportsTo([]));
    const outcome = await transport.send('logs', BODY, { timeoutMs: AMPLE_MS });
    await transport.shutdown();

    expect(outcome.status).toBe('retryable');
    expect(receiver.requests).toHaveLength(1);
  });

  it('resends through a user-supplied agent too, which keeps its other connections', async () => {
    const receiver = await receiverFor();
    receiver.respond = (_request, count) => (count === 2 ? { reset: true } : undefined);
    const agent = new Agent({ keepAlive: true });
    const transport = createHttpTransport({ agent })(configFor(receiver), reportsTo([]));
    const send = () => transport.send('traces', BODY, { timeoutMs: AMPLE_MS });
    await expect(send()).resolves.toEqual({ status: 'success' });
    await expect(send()).resolves.toEqual({ status: 'success' });
    await transport.shutdown();

    expect(receiver.requests.map((r) => r.status)).toEqual([200, undefined, 200]);
    expect(Object.values(agent.freeSockets).flat()).toHaveLength(1); // the resend's, still open
    agent.destroy();
  });
});
