import type { Attributes, LogEntry, SeverityLevel, SpanInfo, SpanKind } from '@telemetryflow/client';
import type { DecodedRequest } from './otlp-decoder.js';
import {
  anyValueOf,
  attributesOf,
  hexOf,
  list,
  msBetween,
  msOf,
  num,
  obj,
  text,
  values,
} from './otlp-values.js';
import type { Obj } from './otlp-values.js';

/** The instrumentation scope that produced an item (the client's is `@telemetryflow/client`). */
export interface Scope {
  readonly name: string;
  readonly version: string | undefined;
}

/** Where an item came from: its resource and scope. */
export interface Origin {
  /** `service.name` of the resource (`unknown_service` when it has none). */
  readonly serviceName: string;
  /** Every resource attribute (`service.name`, `telemetry.sdk.*`, custom attributes, …). */
  readonly resource: Attributes;
  readonly scope: Scope;
}

export interface SpanLink {
  readonly traceId: string;
  readonly spanId: string;
  readonly attributes: Attributes;
}

/**
 * A span as exported: the read queries' `SpanInfo` (ids lowercase hex, times epoch ms, `endTime`
 * and `durationMs` always set) plus its links, resource and scope.
 */
export interface RecordedSpan extends SpanInfo, Origin {
  readonly links: readonly SpanLink[];
}

/**
 * A log record as exported: the read queries' `LogEntry` (`message` is the body as text, times
 * epoch ms, ids lowercase hex) plus the raw body, the OTLP severity, resource and scope.
 */
export interface RecordedLog extends LogEntry, Origin {
  /** The body as sent: a string, or structured (objects, arrays) for a bridged logger's record. */
  readonly body: unknown;
  /** OTLP `SeverityNumber` (1–24; 0 when unspecified). */
  readonly severityNumber: number;
  /** The severity text as sent (`INFO`, or a bridged logger's own level name). */
  readonly severityText: string | undefined;
  /** When the SDK saw the record (epoch ms). */
  readonly observedTimestamp: number;
}

/**
 * A metric data point's kind: a counter's `sum`, a `gauge`, a `histogram` (explicit buckets), or an
 * `exponentialHistogram` (with `histogramAggregation: 'base2_exponential_bucket_histogram'`).
 */
export type MetricType = 'sum' | 'gauge' | 'histogram' | 'exponentialHistogram';

/** One sign's buckets of an exponential histogram: `counts[i]` is bucket `offset + i`. */
export interface ExponentialBuckets {
  readonly offset: number;
  readonly counts: readonly number[];
}

/** One data point of one metric series, as exported (times epoch ms). */
export interface MetricPoint extends Origin {
  readonly name: string;
  readonly description: string;
  readonly unit: string;
  readonly type: MetricType;
  /** A monotonic sum (a counter); `false` for gauges and histograms. */
  readonly monotonic: boolean;
  /** `cumulative` (what the client exports: totals since the series started) or `delta`. */
  readonly temporality: 'cumulative' | 'delta';
  readonly attributes: Attributes;
  /** When the series started (epoch ms). */
  readonly startTime: number;
  /** When the point was taken (epoch ms). */
  readonly time: number;
  /** Sum or gauge: the value; histogram: the sum of the recorded values (0 when not sent). */
  readonly value: number;
  /** Histograms only: recorded values, their min and max. */
  readonly count: number | undefined;
  readonly min: number | undefined;
  readonly max: number | undefined;
  /** Explicit-bucket histogram only: the boundaries and the bucket counts (one more than boundaries). */
  readonly buckets: { readonly bounds: readonly number[]; readonly counts: readonly number[] } | undefined;
  /**
   * Exponential histogram only: bucket `i` of a sign holds values in (base^i, base^(i+1)], base =
   * 2^(2^-scale); `zeroCount` the values that were 0.
   */
  readonly exponential:
    | {
        readonly scale: number;
        readonly zeroCount: number;
        readonly positive: ExponentialBuckets;
        readonly negative: ExponentialBuckets;
      }
    | undefined;
}

const KINDS: readonly SpanKind[] = ['internal', 'internal', 'server', 'client', 'producer', 'consumer'];
const STATUSES: readonly SpanInfo['status'][] = ['unset', 'ok', 'error'];
const LEVELS: readonly SeverityLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];

/** OTLP severity number → level (1–4 trace … 21–24 fatal); unspecified: the text, else `info`. */
const severityOf = (severityNumber: number, severityText: string): SeverityLevel => {
  if (severityNumber >= 1 && severityNumber <= 24) return LEVELS[Math.floor((severityNumber - 1) / 4)]!;
  const named = LEVELS.find((l) => l === severityText.toLowerCase());
  return named ?? 'info';
};

const messageOf = (body: unknown): string =>
  typeof body === 'string' ? body : body === undefined ? '' : JSON.stringify(body);

/** Calls `each` with every item of a request and the origin it shares with its siblings. */
const walk = <T>(
  request: DecodedRequest,
  [outer, middle, inner]: readonly [string, string, string],
  each: (item: Obj, origin: Origin) => T[],
): T[] =>
  list(request[outer]).flatMap((r) => {
    const resource = attributesOf(obj(r['resource'])['attributes']);
    const serviceName = typeof resource['service.name'] === 'string' ? resource['service.name'] : '';
    return list(r[middle]).flatMap((s) => {
      const scope = obj(s['scope']);
      const origin: Origin = Object.freeze({
        serviceName: serviceName || 'unknown_service',
        resource,
        scope: Object.freeze({ name: text(scope['name']), version: text(scope['version']) || undefined }),
      });
      return list(s[inner]).flatMap((item) => each(item, origin));
    });
  });

const spanOf = (item: Obj, origin: Origin): RecordedSpan[] => {
  const startTime = msOf(item['startTimeUnixNano']);
  const endTime = msOf(item['endTimeUnixNano']);
  const status = obj(item['status']);
  return [
    Object.freeze({
      traceId: hexOf(item['traceId']) ?? '',
      spanId: hexOf(item['spanId']) ?? '',
      parentSpanId: hexOf(item['parentSpanId']),
      name: text(item['name']),
      kind: KINDS[num(item['kind'])] ?? 'internal',
      startTime,
      endTime,
      durationMs: msBetween(item['startTimeUnixNano'], item['endTimeUnixNano']),
      status: STATUSES[num(status['code'])] ?? 'unset',
      statusMessage: text(status['message']) || undefined,
      attributes: attributesOf(item['attributes']),
      events: list(item['events']).map((e) =>
        Object.freeze({
          name: text(e['name']),
          timestamp: msOf(e['timeUnixNano']),
          attributes: attributesOf(e['attributes']),
        }),
      ),
      links: list(item['links']).map((l) =>
        Object.freeze({
          traceId: hexOf(l['traceId']) ?? '',
          spanId: hexOf(l['spanId']) ?? '',
          attributes: attributesOf(l['attributes']),
        }),
      ),
      ...origin,
    }),
  ];
};

const logOf = (item: Obj, origin: Origin): RecordedLog[] => {
  const body = anyValueOf(item['body']);
  const severityNumber = num(item['severityNumber']);
  const severityText = text(item['severityText']);
  const observedTimestamp = msOf(item['observedTimeUnixNano']);
  const traceId = hexOf(item['traceId']);
  const spanId = hexOf(item['spanId']);
  return [
    Object.freeze({
      message: messageOf(body),
      body,
      severity: severityOf(severityNumber, severityText),
      severityNumber,
      severityText: severityText || undefined,
      timestamp: msOf(item['timeUnixNano']) || observedTimestamp,
      observedTimestamp,
      ...(traceId === undefined ? {} : { traceId }),
      ...(spanId === undefined ? {} : { spanId }),
      attributes: attributesOf(item['attributes']),
      ...origin,
    }),
  ];
};

const TEMPORALITY = ['cumulative', 'delta', 'cumulative'] as const;

const pointsOf = (metric: Obj, origin: Origin): MetricPoint[] => {
  const type: MetricType | undefined =
    metric['sum'] !== undefined
      ? 'sum'
      : metric['gauge'] !== undefined
        ? 'gauge'
        : metric['histogram'] !== undefined
          ? 'histogram'
          : metric['exponentialHistogram'] !== undefined
            ? 'exponentialHistogram'
            : undefined;
  // Summaries: the client never sends them; not kept.
  if (type === undefined) return [];
  const data = obj(metric[type]);
  const base = {
    name: text(metric['name']),
    description: text(metric['description']),
    unit: text(metric['unit']),
    type,
    monotonic: type === 'sum' && data['isMonotonic'] === true,
    temporality: TEMPORALITY[num(data['aggregationTemporality'])] ?? 'cumulative',
    ...origin,
  };
  return list(data['dataPoints']).map((p): MetricPoint => {
    const point = {
      ...base,
      attributes: attributesOf(p['attributes']),
      startTime: msOf(p['startTimeUnixNano']),
      time: msOf(p['timeUnixNano']),
    };
    if (type === 'sum' || type === 'gauge') {
      const value = p['value'] === 'asInt' ? num(p['asInt']) : num(p['asDouble']);
      return Object.freeze({
        ...point,
        value,
        count: undefined,
        min: undefined,
        max: undefined,
        buckets: undefined,
        exponential: undefined,
      });
    }
    const optional = (key: string): number | undefined => (p[key] === undefined ? undefined : num(p[key]));
    const histogram = {
      ...point,
      value: num(p['sum']),
      count: num(p['count']),
      min: optional('min'),
      max: optional('max'),
    };
    if (type === 'histogram') {
      return Object.freeze({
        ...histogram,
        buckets: Object.freeze({
          bounds: values(p['explicitBounds']).map(num),
          counts: values(p['bucketCounts']).map(num),
        }),
        exponential: undefined,
      });
    }
    const sign = (key: string): ExponentialBuckets => {
      const buckets = obj(p[key]);
      return Object.freeze({
        offset: num(buckets['offset']),
        counts: values(buckets['bucketCounts']).map(num),
      });
    };
    return Object.freeze({
      ...histogram,
      buckets: undefined,
      exponential: Object.freeze({
        scale: num(p['scale']),
        zeroCount: num(p['zeroCount']),
        positive: sign('positive'),
        negative: sign('negative'),
      }),
    });
  });
};

/** The spans of a decoded `ExportTraceServiceRequest`. */
export const spansOf = (request: DecodedRequest): RecordedSpan[] =>
  walk(request, ['resourceSpans', 'scopeSpans', 'spans'], spanOf);

/** The log records of a decoded `ExportLogsServiceRequest`. */
export const logsOf = (request: DecodedRequest): RecordedLog[] =>
  walk(request, ['resourceLogs', 'scopeLogs', 'logRecords'], logOf);

/** The data points of a decoded `ExportMetricsServiceRequest` (sums, gauges, histograms of both kinds). */
export const metricPointsOf = (request: DecodedRequest): MetricPoint[] =>
  walk(request, ['resourceMetrics', 'scopeMetrics', 'metrics'], pointsOf);
