import { describe, expect, it } from 'vitest';
import { MAX_BACKOFF_MS, MAX_RETRY_DELAY_MS, retryDelay } from '../../src/engine/export/backoff.js';

describe('retryDelay', () => {
  it('grows ×1.5 per retry with equal jitter between half and all of the delay', () => {
    expect([1, 2, 3, 4].map((r) => retryDelay(r, 100, undefined, () => 0))).toEqual([50, 75, 112.5, 168.75]);
    expect([1, 2, 3, 4].map((r) => retryDelay(r, 100, undefined, () => 1))).toEqual([100, 150, 225, 337.5]);
  });

  it('backs off at most 5 s, so a collector that is back gets data within 5 s (as OpenTelemetry JS)', () => {
    expect(MAX_BACKOFF_MS).toBe(5_000);
    const delays = Array.from({ length: 20 }, (_, i) => retryDelay(i + 1, 1_000, undefined, () => 1));
    expect(Math.max(...delays)).toBe(5_000);
    expect(retryDelay(40, 5_000, undefined, () => 0)).toBe(2_500);
  });

  it('keeps a larger configured backoff as its own cap', () => {
    expect(retryDelay(1, 60_000, undefined, () => 1)).toBe(60_000);
    expect(retryDelay(10, 60_000, undefined, () => 1)).toBe(60_000);
  });

  it('uses the delay the server asked for, capped at 5 minutes', () => {
    expect(retryDelay(1, 5_000, 250, () => 0.5)).toBe(250);
    expect(retryDelay(3, 5_000, 0)).toBe(0);
    expect(retryDelay(1, 5_000, 30_000)).toBe(30_000);
    expect(retryDelay(1, 5_000, 10 * MAX_RETRY_DELAY_MS)).toBe(MAX_RETRY_DELAY_MS);
    expect(retryDelay(1, 100, Number.NaN, () => 0)).toBe(50);
    expect(retryDelay(1, 100, -5, () => 0)).toBe(50);
  });
});
