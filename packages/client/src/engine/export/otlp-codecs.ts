import {
  ProtobufLogsSerializer,
  ProtobufMetricsSerializer,
  ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { MetricData, ResourceMetrics, ScopeMetrics } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { withExemplars } from './exemplar-encoding.js';
import type { SignalCodec } from './signal-codec.js';

/** What an item holds besides its strings (ids, times, the object itself), as an estimate. */
const ITEM_OVERHEAD_BYTES = 512;

/** Characters in an attribute value (numbers and booleans count 8). */
const valueChars = (value: unknown): number => {
  if (typeof value === 'string') return value.length;
  if (Array.isArray(value)) {
    let chars = 0;
    for (const v of value as unknown[]) chars += valueChars(v);
    return chars;
  }
  return 8;
};

const attributeChars = (attributes: Readonly<Record<string, unknown>> | undefined): number => {
  let chars = 0;
  for (const key in attributes) chars += key.length + valueChars(attributes[key]);
  return chars;
};

/** A span's strings (name, attributes, events, links, status) as UTF-16, plus the overhead. */
export const spanSize = (span: ReadableSpan): number => {
  let chars = span.name.length + attributeChars(span.attributes) + (span.status.message?.length ?? 0);
  for (const event of span.events) chars += event.name.length + attributeChars(event.attributes);
  for (const link of span.links) chars += attributeChars(link.attributes);
  return 2 * chars + ITEM_OVERHEAD_BYTES;
};

/** A log record's body and attributes as UTF-16, plus the overhead. */
export const logSize = (record: ReadableLogRecord): number =>
  2 * (valueChars(record.body) + attributeChars(record.attributes)) + ITEM_OVERHEAD_BYTES;

// One span or log record per entry: the pipeline's item and byte limits decide how many go in a request.
export const spanCodec: SignalCodec<ReadableSpan> = {
  signal: 'traces',
  countItems: () => 1,
  sizeOf: spanSize,
  maxEntriesPerRequest: Number.POSITIVE_INFINITY,
  serialize: (spans) => ProtobufTraceSerializer.serializeRequest(spans),
};

export const logCodec: SignalCodec<ReadableLogRecord> = {
  signal: 'logs',
  countItems: () => 1,
  sizeOf: logSize,
  maxEntriesPerRequest: Number.POSITIVE_INFINITY,
  serialize: (records) => ProtobufLogsSerializer.serializeRequest(records),
};

/** Data points in one collection: what "items" means for metrics. */
export const countDataPoints = (collection: ResourceMetrics): number => {
  let points = 0;
  for (const scope of collection.scopeMetrics)
    for (const metric of scope.metrics) points += metric.dataPoints.length;
  return points;
};

type Pair = readonly [scope: ScopeMetrics['scope'], metric: MetricData];

const regroup = (resource: ResourceMetrics['resource'], pairs: readonly Pair[]): ResourceMetrics => {
  const scopes = new Map<ScopeMetrics['scope'], MetricData[]>();
  for (const [scope, metric] of pairs) scopes.set(scope, [...(scopes.get(scope) ?? []), metric]);
  return { resource, scopeMetrics: [...scopes].map(([scope, metrics]) => ({ scope, metrics })) };
};

/** Two collections with half the metrics each, or half the data points of a single metric. */
const splitCollection = (collection: ResourceMetrics): [ResourceMetrics, ResourceMetrics] | undefined => {
  const pairs: Pair[] = collection.scopeMetrics.flatMap((s) => s.metrics.map((m): Pair => [s.scope, m]));
  if (pairs.length > 1) {
    const middle = Math.ceil(pairs.length / 2);
    return [
      regroup(collection.resource, pairs.slice(0, middle)),
      regroup(collection.resource, pairs.slice(middle)),
    ];
  }
  const [pair] = pairs;
  if (pair === undefined || pair[1].dataPoints.length < 2) return undefined;
  const [scope, metric] = pair;
  const middle = Math.ceil(metric.dataPoints.length / 2);
  const half = (points: MetricData['dataPoints']): Pair => [
    scope,
    { ...metric, dataPoints: points } as MetricData,
  ];
  return [
    regroup(collection.resource, [half(metric.dataPoints.slice(0, middle))]),
    regroup(collection.resource, [half(metric.dataPoints.slice(middle))]),
  ];
};

/** One collection (all metrics of one export interval) per request; cut by metrics when too large. */
export const metricsCodec: SignalCodec<ResourceMetrics> = {
  signal: 'metrics',
  countItems: countDataPoints,
  maxEntriesPerRequest: 1,
  serialize: ([collection]) => {
    if (collection === undefined) return undefined;
    const request = ProtobufMetricsSerializer.serializeRequest(collection);
    return request === undefined ? undefined : withExemplars(request, collection);
  },
  split: splitCollection,
};
