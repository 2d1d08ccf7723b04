import { describe, expect, it } from 'vitest';
import { MAX_RETRY_DELAY_MS, retryDelay } from '../../src/engine/export/backoff.js';

describe('retryDelay', () => {
  it('doubles per retry with equal jitter between half and all of the exponential delay', () => {
    expect([1, 2, 3, 4].map((r) => retryDelay(r, 100, undefined, () => 0))).toEqual([50, 100, 200, 400]);
    expect([1, 2, 3, 4].map((r) => retryDelay(r, 100, undefined, () => 1))).toEqual([100, 200, 400, 800]);
  });

  it('uses the delay the server asked for, capped', () => {
    expect(retryDelay(1, 5_000, 250, () => 0.5)).toBe(250);
    expect(retryDelay(3, 5_000, 0)).toBe(0);
    expect(retryDelay(1, 5_000, 10 * MAX_RETRY_DELAY_MS)).toBe(MAX_RETRY_DELAY_MS);
    expect(retryDelay(1, 100, Number.NaN, () => 0)).toBe(50);
    expect(retryDelay(1, 100, -5, () => 0)).toBe(50);
  });

  it('never exceeds the cap', () => {
    expect(retryDelay(40, 5_000, undefined, () => 1)).toBe(MAX_RETRY_DELAY_MS);
  });
});
