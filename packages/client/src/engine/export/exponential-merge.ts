import type { ExponentialHistogram } from '@opentelemetry/sdk-metrics';

/**
 * Most buckets per sign in an exponential histogram: the metrics SDK specification's default
 * `MaxSize` for the base-2 exponential aggregation, and OpenTelemetry JS's.
 */
export const EXPONENTIAL_MAX_SIZE = 160;

type Buckets = ExponentialHistogram['positive'];

interface Summary {
  readonly count: number;
  readonly sum?: number;
  readonly min?: number;
  readonly max?: number;
}

/** The count, sum and extremes of two histograms of either kind together; one absent on a side is absent. */
export const mergeSummary = (a: Summary, b: Summary): Summary => {
  const min = a.min === undefined || b.min === undefined ? undefined : Math.min(a.min, b.min);
  const max = a.max === undefined || b.max === undefined ? undefined : Math.max(a.max, b.max);
  const sum = a.sum === undefined || b.sum === undefined ? undefined : a.sum + b.sum;
  return {
    count: a.count + b.count,
    ...(sum === undefined ? {} : { sum }),
    ...(min === undefined ? {} : { min }),
    ...(max === undefined ? {} : { max }),
  };
};

/** Lowest and highest bucket index of `b` at a scale `by` steps coarser; `undefined` when empty. */
const rangeAt = (b: Buckets, by: number): [number, number] | undefined =>
  b.bucketCounts.length === 0 ? undefined : [b.offset >> by, (b.offset + b.bucketCounts.length - 1) >> by];

const fits = (ranges: ([number, number] | undefined)[], maxSize: number): boolean => {
  const present = ranges.filter((r): r is [number, number] => r !== undefined);
  if (present.length === 0) return true;
  const low = Math.min(...present.map((r) => r[0]));
  const high = Math.max(...present.map((r) => r[1]));
  return high - low + 1 <= maxSize;
};

/** Adds `b`'s counts, `by` scale steps coarser, into `into` (indexes from `offset`). */
const addInto = (into: number[], offset: number, b: Buckets, by: number): void => {
  b.bucketCounts.forEach((count, i) => {
    const index = ((b.offset + i) >> by) - offset;
    into[index] = (into[index] ?? 0) + count;
  });
};

const mergeBuckets = (a: Buckets, aBy: number, b: Buckets, bBy: number): Buckets => {
  const ranges = [rangeAt(a, aBy), rangeAt(b, bBy)].filter((r): r is [number, number] => r !== undefined);
  if (ranges.length === 0) return { offset: 0, bucketCounts: [] };
  const offset = Math.min(...ranges.map((r) => r[0]));
  const high = Math.max(...ranges.map((r) => r[1]));
  const counts = new Array<number>(high - offset + 1).fill(0);
  addInto(counts, offset, a, aBy);
  addInto(counts, offset, b, bBy);
  return { offset, bucketCounts: counts };
};

/**
 * The sum of two base-2 exponential histograms, as the data model's merge defines it: both are
 * brought to the finer of their common scales (a bucket at scale s holds buckets 2i and 2i+1 of
 * scale s+1, so an index shifts right by the difference), then lowered further until each sign's
 * buckets fit in `maxSize`.
 */
export const mergeExponential = (
  a: ExponentialHistogram,
  b: ExponentialHistogram,
  maxSize = EXPONENTIAL_MAX_SIZE,
): ExponentialHistogram => {
  let scale = Math.min(a.scale, b.scale);
  const ranges = (s: number) => [
    [rangeAt(a.positive, a.scale - s), rangeAt(b.positive, b.scale - s)],
    [rangeAt(a.negative, a.scale - s), rangeAt(b.negative, b.scale - s)],
  ];
  while (!ranges(scale).every((r) => fits(r, maxSize))) scale -= 1;
  const aBy = a.scale - scale;
  const bBy = b.scale - scale;
  return {
    ...mergeSummary(a, b),
    scale,
    zeroCount: a.zeroCount + b.zeroCount,
    positive: mergeBuckets(a.positive, aBy, b.positive, bBy),
    negative: mergeBuckets(a.negative, aBy, b.negative, bBy),
  };
};

export const copyExponential = (h: ExponentialHistogram): ExponentialHistogram => ({
  ...h,
  positive: { offset: h.positive.offset, bucketCounts: [...h.positive.bucketCounts] },
  negative: { offset: h.negative.offset, bucketCounts: [...h.negative.bucketCounts] },
});
