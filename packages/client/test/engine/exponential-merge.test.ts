import type { ExponentialHistogram } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { mergeExponential } from '../../src/engine/export/exponential-merge.js';

/**
 * Builds a histogram at `scale` from bucket indexes given at a finer scale `fine` (a bucket at
 * scale s holds buckets 2i and 2i+1 of scale s+1). Negative indexes stand for negative values.
 */
const build = (
  fine: number,
  scale: number,
  positive: number[],
  negative: number[] = [],
): ExponentialHistogram => {
  const buckets = (indexes: number[]) => {
    const at = indexes.map((i) => i >> (fine - scale));
    if (at.length === 0) return { offset: 0, bucketCounts: [] };
    const offset = Math.min(...at);
    const counts = new Array<number>(Math.max(...at) - offset + 1).fill(0);
    for (const i of at) counts[i - offset] = (counts[i - offset] ?? 0) + 1;
    return { offset, bucketCounts: counts };
  };
  const count = positive.length + negative.length;
  return { count, sum: count, scale, zeroCount: 0, positive: buckets(positive), negative: buckets(negative) };
};

/** A deterministic pseudo-random sequence (a test that fails must fail the same way again). */
const sequence = (seed: number) => () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};

describe('mergeExponential', () => {
  it('equals the histogram of all values at the scale where both fit, for any pair of scales', () => {
    const random = sequence(7);
    const fine = 6;
    for (let round = 0; round < 200; round++) {
      const indexes = (n: number, spread: number) =>
        Array.from({ length: n }, () => Math.floor((random() - 0.3) * spread));
      const [pa, na, pb, nb] = [indexes(20, 400), indexes(5, 100), indexes(20, 900), indexes(3, 50)];
      const sa = Math.floor(random() * 7);
      const sb = Math.floor(random() * 7);
      const maxSize = 4 + Math.floor(random() * 60);
      const merged = mergeExponential(build(fine, sa, pa, na), build(fine, sb, pb, nb), maxSize);
      const expected = build(fine, merged.scale, [...pa, ...pb], [...na, ...nb]);
      expect(merged.positive).toEqual(expected.positive);
      expect(merged.negative).toEqual(expected.negative);
      expect(merged.count).toBe(pa.length + na.length + pb.length + nb.length);
      // The finest scale that fits: one step finer would not.
      expect(merged.scale).toBeLessThanOrEqual(Math.min(sa, sb));
      expect(merged.positive.bucketCounts.length).toBeLessThanOrEqual(maxSize);
      expect(merged.negative.bucketCounts.length).toBeLessThanOrEqual(maxSize);
      if (merged.scale < Math.min(sa, sb)) {
        const finer = build(fine, merged.scale + 1, [...pa, ...pb], [...na, ...nb]);
        expect(
          Math.max(finer.positive.bucketCounts.length, finer.negative.bucketCounts.length),
        ).toBeGreaterThan(maxSize);
      }
    }
  });

  it('adds zero counts, sums and keeps the extremes', () => {
    const a = { ...build(3, 3, [1, 2]), zeroCount: 2, sum: 10, min: 0, max: 4 };
    const b = { ...build(3, 3, [2]), zeroCount: 1, sum: 5, min: -1, max: 3 };
    expect(mergeExponential(a, b)).toMatchObject({ zeroCount: 3, sum: 15, min: -1, max: 4, count: 3 });
  });
});
