import type { SignalType } from '@telemetryflow/domain';
import { anyValue, attributes, logsOf, metricsOf, spansOf } from '@telemetryflow-internal/test-utils';
import type { DecodedRequest } from '@telemetryflow-internal/test-utils';

type Obj = Record<string, unknown>;

export interface SpanView {
  readonly service: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
  readonly name: string;
  readonly kind: string;
  /** Epoch milliseconds. */
  readonly startMs: number;
  readonly durationMs: number;
  readonly status: 'unset' | 'ok' | 'error';
  readonly statusMessage: string | undefined;
  readonly attributes: Record<string, unknown>;
  readonly events: readonly SpanEventView[];
  readonly links: readonly SpanLinkView[];
  /** The resource's attributes (`service.name`, `telemetry.sdk.*`, …). */
  readonly resource: Record<string, unknown>;
  /** The instrumentation scope's name. */
  readonly scope: string;
}

export interface SpanEventView {
  readonly name: string;
  /** Epoch milliseconds. */
  readonly timeMs: number;
  readonly attributes: Record<string, unknown>;
}

export interface SpanLinkView {
  readonly traceId: string;
  readonly spanId: string;
  readonly attributes: Record<string, unknown>;
}

export interface LogView {
  readonly service: string;
  readonly timeMs: number;
  readonly severity: string;
  readonly body: string;
  readonly traceId: string | undefined;
  readonly spanId: string | undefined;
  readonly attributes: Record<string, unknown>;
}

export interface MetricPointView {
  readonly service: string;
  readonly name: string;
  readonly unit: string;
  readonly type: 'sum' | 'gauge' | 'histogram' | 'other';
  readonly attributes: Record<string, unknown>;
  /** Sum or gauge value; histogram sum. */
  readonly value: number;
  /** Histogram count. */
  readonly count: number | undefined;
  /** Epoch milliseconds. */
  readonly timeMs: number;
  /** `AGGREGATION_TEMPORALITY_CUMULATIVE` or `_DELTA` as `cumulative` / `delta`; gauges have none. */
  readonly temporality: 'cumulative' | 'delta' | undefined;
  /** Histogram buckets: `bucketCounts[i]` counts values in (`explicitBounds[i-1]`, `explicitBounds[i]`]. */
  readonly histogram: HistogramView | undefined;
  /** Measurements sampled with the span they were recorded in: a point links to its trace. */
  readonly exemplars: readonly ExemplarView[];
}

export interface HistogramView {
  readonly explicitBounds: readonly number[];
  /** One more than `explicitBounds`: the last bucket is (last bound, +Inf). */
  readonly bucketCounts: readonly number[];
  readonly min: number | undefined;
  readonly max: number | undefined;
  /** Estimated from the buckets (see {@link quantileOf}); undefined when the count is 0. */
  readonly p50: number | undefined;
  readonly p99: number | undefined;
}

export interface ExemplarView {
  readonly value: number;
  /** Epoch milliseconds. */
  readonly timeMs: number;
  readonly traceId: string | undefined;
  readonly spanId: string | undefined;
}

export interface Views {
  readonly spans: SpanView[];
  readonly logs: LogView[];
  readonly metrics: MetricPointView[];
}

/** A decoded string field (longs and enum names are strings too), or `fallback`. */
const text = (value: unknown, fallback = ''): string =>
  typeof value === 'string'
    ? value
    : typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : fallback;
const ms = (nanos: unknown): number => Number(BigInt(text(nanos, '0')) / 1000n) / 1000;
const serviceOf = (resource: Obj): string => text(resource['service.name'], 'unknown-service');
const kindOf = (kind: unknown): string => text(kind, 'SPAN_KIND_INTERNAL').replace('SPAN_KIND_', '');

const statusOf = (status: unknown): SpanView['status'] => {
  const code = text((status as Obj | undefined)?.['code']);
  if (code === 'STATUS_CODE_ERROR') return 'error';
  return code === 'STATUS_CODE_OK' ? 'ok' : 'unset';
};

const hexId = (value: unknown): string | undefined =>
  typeof value === 'string' && /^[0-9a-f]+$/.test(value) && !/^0+$/.test(value) ? value : undefined;

const span = ({ resource, scope, item }: { resource: Obj; scope: Obj; item: Obj }): SpanView => {
  const startMs = ms(item['startTimeUnixNano']);
  return {
    service: serviceOf(resource),
    traceId: text(item['traceId']),
    spanId: text(item['spanId']),
    parentSpanId:
      typeof item['parentSpanId'] === 'string' && item['parentSpanId'] !== ''
        ? item['parentSpanId']
        : undefined,
    name: text(item['name']),
    kind: kindOf(item['kind']),
    startMs,
    durationMs: Math.max(0, ms(item['endTimeUnixNano']) - startMs),
    status: statusOf(item['status']),
    statusMessage: ((item['status'] as Obj | undefined)?.['message'] as string | undefined) ?? undefined,
    attributes: attributes(item['attributes']),
    events: ((item['events'] as Obj[] | undefined) ?? []).map((e) => ({
      name: text(e['name']),
      timeMs: ms(e['timeUnixNano']),
      attributes: attributes(e['attributes']),
    })),
    links: ((item['links'] as Obj[] | undefined) ?? []).map((l) => ({
      traceId: text(l['traceId']),
      spanId: text(l['spanId']),
      attributes: attributes(l['attributes']),
    })),
    resource,
    scope: text(scope['name']),
  };
};

const log = ({ resource, item }: { resource: Obj; item: Obj }): LogView => ({
  service: serviceOf(resource),
  timeMs: ms(item['timeUnixNano'] ?? item['observedTimeUnixNano']),
  severity: text(item['severityText']) || text(item['severityNumber']).replace('SEVERITY_NUMBER_', ''),
  body: text(anyValue(item['body'])),
  traceId: hexId(item['traceId']),
  spanId: hexId(item['spanId']),
  attributes: attributes(item['attributes']),
});

/**
 * The `q` quantile (0–1) of a histogram, estimated from its buckets as Prometheus'
 * `histogram_quantile` does: linear within the bucket holding the rank, the first bucket starting at
 * `min` (or 0), the open last bucket answered with its lower bound (or `max` when known).
 * Undefined when the count is 0.
 */
export const quantileOf = (
  q: number,
  explicitBounds: readonly number[],
  bucketCounts: readonly number[],
  min?: number,
  max?: number,
): number | undefined => {
  const total = bucketCounts.reduce((a, b) => a + b, 0);
  if (total === 0) return undefined;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < bucketCounts.length; i++) {
    const count = bucketCounts[i] ?? 0;
    if (count > 0 && seen + count >= rank) {
      const lower = i === 0 ? (min ?? Math.min(0, explicitBounds[0] ?? 0)) : (explicitBounds[i - 1] ?? 0);
      if (i >= explicitBounds.length) return max ?? lower;
      const upper = explicitBounds[i] ?? lower;
      const estimate = lower + (upper - lower) * ((rank - seen) / count);
      // The recorded extremes bound any estimate.
      return Math.min(Math.max(estimate, min ?? -Infinity), max ?? Infinity);
    }
    seen += count;
  }
  return max;
};

const numbers = (value: unknown): number[] => (Array.isArray(value) ? value.map(Number) : []);
const optionalNumber = (value: unknown): number | undefined =>
  value === undefined || value === null ? undefined : Number(value);

const histogramOf = (p: Obj): HistogramView => {
  const explicitBounds = numbers(p['explicitBounds']);
  const bucketCounts = numbers(p['bucketCounts']);
  const min = optionalNumber(p['min']);
  const max = optionalNumber(p['max']);
  return {
    explicitBounds,
    bucketCounts,
    min,
    max,
    p50: quantileOf(0.5, explicitBounds, bucketCounts, min, max),
    p99: quantileOf(0.99, explicitBounds, bucketCounts, min, max),
  };
};

const exemplarsOf = (p: Obj): ExemplarView[] =>
  ((p['exemplars'] as Obj[] | undefined) ?? []).map((e) => ({
    value: Number(e['asDouble'] ?? e['asInt'] ?? 0),
    timeMs: ms(e['timeUnixNano']),
    traceId: hexId(e['traceId']),
    spanId: hexId(e['spanId']),
  }));

const temporalityOf = (data: Obj | undefined): MetricPointView['temporality'] => {
  const t = text(data?.['aggregationTemporality']);
  return t.endsWith('CUMULATIVE') ? 'cumulative' : t.endsWith('DELTA') ? 'delta' : undefined;
};

const points = ({ resource, item }: { resource: Obj; item: Obj }): MetricPointView[] => {
  const base = { service: serviceOf(resource), name: text(item['name']), unit: text(item['unit']) };
  const data = (item['sum'] ?? item['gauge'] ?? item['histogram']) as Obj | undefined;
  const type: MetricPointView['type'] = item['sum']
    ? 'sum'
    : item['gauge']
      ? 'gauge'
      : item['histogram']
        ? 'histogram'
        : 'other';
  return ((data?.['dataPoints'] as Obj[] | undefined) ?? []).map((p) => ({
    ...base,
    type,
    attributes: attributes(p['attributes']),
    value: Number(type === 'histogram' ? (p['sum'] ?? 0) : (p['asDouble'] ?? p['asInt'] ?? 0)),
    count: type === 'histogram' ? Number(p['count'] ?? 0) : undefined,
    timeMs: ms(p['timeUnixNano']),
    temporality: temporalityOf(data),
    histogram: type === 'histogram' ? histogramOf(p) : undefined,
    exemplars: exemplarsOf(p),
  }));
};

/** Flattens one decoded export request into what the views show. */
export const viewsOf = (signal: SignalType, request: DecodedRequest): Views => ({
  spans: signal === 'traces' ? spansOf(request).map(span) : [],
  logs: signal === 'logs' ? logsOf(request).map(log) : [],
  metrics: signal === 'metrics' ? metricsOf(request).flatMap(points) : [],
});
