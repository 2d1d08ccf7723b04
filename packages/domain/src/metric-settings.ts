import type { Problem } from './errors.js';

/**
 * Which instruments export delta and which cumulative points: the values of
 * `OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE` (OTLP exporter specification, "Metrics
 * exporter configuration"):
 * - `cumulative`: every instrument cumulative (the default);
 * - `delta`: counters, observable counters and histograms delta; up-down counters cumulative;
 * - `lowmemory`: counters and histograms delta; observable counters and up-down counters cumulative.
 * Gauges carry no temporality in OTLP; with `delta` a gauge reports only the series recorded
 * since the last export (as OpenTelemetry JS does), otherwise every series' last value.
 */
export const TEMPORALITY_PREFERENCES = Object.freeze(['cumulative', 'delta', 'lowmemory'] as const);
export type TemporalityPreference = (typeof TEMPORALITY_PREFERENCES)[number];

/**
 * How histograms aggregate unless `histogramBuckets` names them: the values of
 * `OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION`. `explicit_bucket_histogram` (the
 * default) uses OpenTelemetry's default boundaries (seconds buckets for unit `s`);
 * `base2_exponential_bucket_histogram` exports OTLP `ExponentialHistogram` points (at most 160
 * buckets per sign, scale from 20 down, as the metrics SDK specification's defaults say).
 */
export const HISTOGRAM_AGGREGATIONS = Object.freeze([
  'explicit_bucket_histogram',
  'base2_exponential_bucket_histogram',
] as const);
export type HistogramAggregation = (typeof HISTOGRAM_AGGREGATIONS)[number];

/** Most boundaries one histogram may have (each is a bucket in every series it exports). */
export const MAX_HISTOGRAM_BOUNDARIES = 256;

const oneOf = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');

const boundariesProblem = (boundaries: unknown): string | undefined => {
  if (!Array.isArray(boundaries)) return 'must be an array of numbers';
  if (boundaries.length > MAX_HISTOGRAM_BOUNDARIES) {
    return `must have at most ${MAX_HISTOGRAM_BOUNDARIES} boundaries`;
  }
  for (let i = 0; i < boundaries.length; i++) {
    const value: unknown = boundaries[i];
    if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be finite numbers';
    if (i > 0 && value <= (boundaries[i - 1] as number)) return 'must be strictly increasing';
  }
  return undefined;
};

/** The metric settings `validateConfig` checks here. */
export interface MetricSettingsInput {
  readonly metricTemporalityPreference: unknown;
  readonly histogramAggregation: unknown;
  readonly histogramBuckets: unknown;
}

/** Problems with the temporality preference, the histogram aggregation and per-histogram buckets. */
export const metricSettingsProblems = (o: MetricSettingsInput): Problem[] => {
  const problems: Problem[] = [];
  if (!TEMPORALITY_PREFERENCES.includes(o.metricTemporalityPreference as never)) {
    problems.push({
      field: 'metricTemporalityPreference',
      message: `metricTemporalityPreference must be one of ${oneOf(TEMPORALITY_PREFERENCES)}`,
    });
  }
  if (!HISTOGRAM_AGGREGATIONS.includes(o.histogramAggregation as never)) {
    problems.push({
      field: 'histogramAggregation',
      message: `histogramAggregation must be one of ${oneOf(HISTOGRAM_AGGREGATIONS)}`,
    });
  }
  const buckets = o.histogramBuckets;
  if (typeof buckets !== 'object' || buckets === null || Array.isArray(buckets)) {
    problems.push({ field: 'histogramBuckets', message: 'histogramBuckets must be an object' });
    return problems;
  }
  for (const [name, boundaries] of Object.entries(buckets)) {
    const problem = boundariesProblem(boundaries);
    if (problem !== undefined) {
      problems.push({
        field: `histogramBuckets.${name}`,
        message: `histogramBuckets['${name}'] ${problem}`,
      });
    }
  }
  return problems;
};
