import { describe, expect, it } from 'vitest';
import { waitFor } from '@telemetryflow-internal/test-utils';
import { RateLimiter } from '../../src/engine/export/rate-limiter.js';
import { makeClient } from '../helpers.js';

describe('RateLimiter', () => {
  it('allows a burst of one second of requests, then one per refill interval', () => {
    let now = 0;
    const limiter = new RateLimiter(120, () => now); // 2 per second
    expect([limiter.tryAcquire(), limiter.tryAcquire(), limiter.tryAcquire()]).toEqual([true, true, false]);
    expect(limiter.waitTime()).toBe(500);
    now = 499;
    expect(limiter.tryAcquire()).toBe(false);
    now = 500;
    expect(limiter.tryAcquire()).toBe(true);
    now = 60_000;
    expect(limiter.tryAcquire()).toBe(true);
    expect(limiter.tryAcquire()).toBe(true);
    expect(limiter.tryAcquire()).toBe(false);
  });

  it('keeps a burst of at least one request under one per minute', () => {
    let now = 0;
    const limiter = new RateLimiter(1, () => now);
    expect(limiter.tryAcquire()).toBe(true);
    expect(limiter.tryAcquire()).toBe(false);
    expect(limiter.waitTime()).toBe(60_000);
    now = 60_000;
    expect(limiter.tryAcquire()).toBe(true);
  });

  it('acquire waits for a token and gives up when aborted', async () => {
    const limiter = new RateLimiter(1);
    expect(await limiter.acquire(new AbortController().signal)).toBe('ok');
    const abort = new AbortController();
    const waiting = limiter.acquire(abort.signal);
    abort.abort();
    expect(await waiting).toBe('stopped');
  });

  it('acquire does not wait past a deadline the token would miss', async () => {
    let now = 0;
    const limiter = new RateLimiter(1, () => now);
    expect(await limiter.acquire(new AbortController().signal, 10)).toBe('ok');
    // The next token comes at 60 s: a deadline before it is answered at once.
    expect(await limiter.acquire(new AbortController().signal, 30_000)).toBe('late');
    now = 5;
    expect(await limiter.acquire(new AbortController().signal, 5)).toBe('late');
  });

  it('hands tokens to waiting requests in the order they asked; none jumps the queue', async () => {
    const limiter = new RateLimiter(6_000); // 100 a second, bursts of 100
    while (limiter.tryAcquire());
    const order: string[] = [];
    const stop = new AbortController().signal;
    const waits = ['a', 'b', 'c'].map((name) => limiter.acquire(stop).then(() => order.push(name)));
    expect(limiter.tryAcquire()).toBe(false); // a token that comes now goes to 'a'
    await Promise.all(waits);
    expect(order).toEqual(['a', 'b', 'c']);
  });

  it('takes back a token a request did not use', () => {
    const limiter = new RateLimiter(60, () => 0);
    expect(limiter.tryAcquire()).toBe(true);
    expect(limiter.tryAcquire()).toBe(false);
    limiter.refund();
    expect(limiter.tryAcquire()).toBe(true);
  });

  it('is enforced by the client: requests beyond the limit wait in the queue', async () => {
    const { client, transport } = makeClient({ rateLimit: 60, batchMaxSize: 1, enableMetrics: false });
    client.initialize();
    for (let i = 0; i < 3; i++) client.logInfo(`m${i}`);
    await waitFor(() => transport.attempts.length > 0, 'the first request');
    await client.flush(100);
    expect(transport.attempts).toHaveLength(1);
    expect(client.getStatus().signals.logs).toMatchObject({ exported: 1, queued: 2 });
    await client.shutdown(50);
    expect(client.getStatus().signals.logs).toMatchObject({ exported: 1, dropped: 2, queued: 0 });
  });

  it('lets what queued while rate-limited ride along in the next request, so the limit caps requests, not items', async () => {
    const { client, transport } = makeClient({ rateLimit: 60, batchMaxSize: 2, enableMetrics: false });
    client.initialize();
    for (let i = 0; i < 7; i++) client.logInfo(`m${i}`);
    await client.flush(5_000);
    const sizes = transport.requests('logs').map((r) => transport.logs().length && countLogs(r));
    expect(sizes).toEqual([2, 5]);
    expect(client.getStatus().signals.logs).toMatchObject({ exported: 7, dropped: 0, queued: 0 });
    await client.shutdown(1_000);
  });

  it('joins every batch queued meanwhile into the request that waited, not only four', async () => {
    const { client, transport } = makeClient({ rateLimit: 60, batchMaxSize: 2, enableMetrics: false });
    client.initialize();
    for (let i = 0; i < 30; i++) client.logInfo(`m${i}`);
    await client.flush(5_000);
    const sizes = transport.requests('logs').map(countLogs);
    expect(sizes).toEqual([2, 28]);
    const bodies = transport.logs().map((l) => (l.item['body'] as { stringValue?: string }).stringValue);
    expect(bodies).toEqual(Array.from({ length: 30 }, (_, i) => `m${i}`));
    await client.shutdown(1_000);
  });
});

const countLogs = (request: Record<string, unknown>): number =>
  (request['resourceLogs'] as { scopeLogs: { logRecords: unknown[] }[] }[])
    .flatMap((r) => r.scopeLogs)
    .reduce((n, s) => n + s.logRecords.length, 0);
