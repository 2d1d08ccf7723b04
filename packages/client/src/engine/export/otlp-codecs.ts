import {
  ProtobufLogsSerializer,
  ProtobufMetricsSerializer,
  ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { MetricData, ResourceMetrics, ScopeMetrics } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { SignalCodec } from './signal-codec.js';

// One span or log record per entry: the pipeline's item limits decide how many go in a request.
export const spanCodec: SignalCodec<ReadableSpan> = {
  signal: 'traces',
  countItems: () => 1,
  maxEntriesPerRequest: Number.POSITIVE_INFINITY,
  serialize: (spans) => ProtobufTraceSerializer.serializeRequest(spans),
};

export const logCodec: SignalCodec<ReadableLogRecord> = {
  signal: 'logs',
  countItems: () => 1,
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
  serialize: ([collection]) =>
    collection === undefined ? undefined : ProtobufMetricsSerializer.serializeRequest(collection),
  split: splitCollection,
};
