import {
  ProtobufLogsSerializer,
  ProtobufMetricsSerializer,
  ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { SignalCodec } from './signal-pipeline.js';

export const spanCodec = (batchMaxSize: number): SignalCodec<ReadableSpan> => ({
  signal: 'traces',
  countItems: () => 1,
  maxEntriesPerRequest: batchMaxSize,
  serialize: (spans) => ProtobufTraceSerializer.serializeRequest(spans),
});

export const logCodec = (batchMaxSize: number): SignalCodec<ReadableLogRecord> => ({
  signal: 'logs',
  countItems: () => 1,
  maxEntriesPerRequest: batchMaxSize,
  serialize: (records) => ProtobufLogsSerializer.serializeRequest(records),
});

/** Data points in one collection: what "items" means for metrics. */
export const countDataPoints = (collection: ResourceMetrics): number => {
  let points = 0;
  for (const scope of collection.scopeMetrics)
    for (const metric of scope.metrics) points += metric.dataPoints.length;
  return points;
};

/** One collection (all metrics of one export interval) per request. */
export const metricsCodec: SignalCodec<ResourceMetrics> = {
  signal: 'metrics',
  countItems: countDataPoints,
  maxEntriesPerRequest: 1,
  serialize: ([collection]) =>
    collection === undefined ? undefined : ProtobufMetricsSerializer.serializeRequest(collection),
};
