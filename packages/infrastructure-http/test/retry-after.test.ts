import { AMPLE_MS } from '@telemetryflow-internal/test-utils';
import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../src/retry-after.js';
import { builderFor, guardProcess, receiverFor, started } from './helpers.js';

guardProcess();

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-25T10:00:00Z');

  it('reads delta-seconds', () => {
    expect(parseRetryAfter('7', now)).toBe(7_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });

  it('reads an HTTP date as the time left until it, and a past date as 0', () => {
    expect(parseRetryAfter('Wed, 25 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 25 Nov 2026 09:00:00 GMT', now)).toBe(0);
  });

  it('ignores absent, negative and unreadable values', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

describe('Retry-After through the client', () => {
  // The client's own backoff is 60 s here: a retry within the test's time means Retry-After won.
  const slowBackoff = (receiver: Awaited<ReturnType<typeof receiverFor>>) =>
    started(builderFor(receiver).withTracesOnly().withRetry(true, 2, 60_000));

  it.each([
    ['delta-seconds', () => '1', 900],
    ['an HTTP date', () => new Date(Date.now() + 2_000).toUTCString(), 500],
  ])('waits as long as a 503 with Retry-After in %s asks', async (_what, retryAfter, atLeastMs) => {
    const receiver = await receiverFor();
    receiver.respond = (_request, count) =>
      count === 1 ? { status: 503, headers: { 'retry-after': retryAfter() } } : undefined;
    const client = slowBackoff(receiver);
    client.span('later', () => undefined);
    await client.flush(AMPLE_MS);

    expect(receiver.requests.map((r) => r.status)).toEqual([503, 200]);
    expect(client.getStatus().signals.traces).toMatchObject({ exported: 1, retries: 1, failed: 0 });
    const [first, second] = receiver.requests;
    expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(atLeastMs);
  });

  it('honours Retry-After on 429 too, and gives up after maxRetries', async () => {
    const receiver = await receiverFor();
    receiver.respond = () => ({ status: 429, headers: { 'retry-after': '0' }, body: 'slow down' });
    const client = slowBackoff(receiver);
    client.span('throttled', () => undefined);
    await client.flush(AMPLE_MS);

    expect(receiver.requests.map((r) => r.status)).toEqual([429, 429, 429]);
    expect(client.getStatus().signals.traces).toMatchObject({
      exported: 0,
      failed: 1,
      retries: 2,
      lastError: 'HTTP 429: slow down (gave up after 2 retries)',
    });
  });
});
