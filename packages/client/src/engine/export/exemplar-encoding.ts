import type { HrTime } from '@opentelemetry/api';
import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import protobuf from 'protobufjs/minimal.js';
import type { Exemplar, ExemplarPoint } from '../exemplars.js';

/*
 * OpenTelemetry JS's serializer (otlp-transformer 0.223) writes no exemplars. Rather than a second
 * encoder of whole metrics requests, its output is kept and each data point's exemplars are
 * appended to that point's message: protobuf merges a repeated field's occurrences wherever they
 * appear, so only the lengths of the enclosing messages change. Field numbers are those of
 * opentelemetry-proto's metrics.proto (v1).
 */

const { Reader, Writer } = protobuf;

const WIRE_LEN = 2;
const UTF8 = new TextDecoder();

/** ExportMetricsServiceRequest → ResourceMetrics → ScopeMetrics → Metric. */
const RESOURCE_METRICS = 1;
const SCOPE_METRICS = 2;
const METRICS = 2;
/** ScopeMetrics.scope → InstrumentationScope.name; Metric.name. */
const SCOPE = 1;
const SCOPE_NAME = 1;
const METRIC_NAME = 1;
/** A data point's `data_points` field in Gauge, Sum, Histogram and ExponentialHistogram. */
const DATA_POINTS = 1;
/**
 * Metric's data fields (gauge 5, sum 7, histogram 9, exponential_histogram 10) → the `exemplars`
 * field of their points (NumberDataPoint 5, HistogramDataPoint 8, ExponentialHistogramDataPoint 11).
 */
const EXEMPLARS_FIELD: Readonly<Record<number, number>> = { 5: 5, 7: 5, 9: 8, 10: 11 };

const tag = (field: number, wire: number): number => (field << 3) | wire;

const hexBytes = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex, 'hex'));

/** A time as fixed64 nanoseconds, written as two little-endian 32-bit halves (no precision lost). */
const writeTime = (writer: protobuf.Writer, [seconds, nanos]: HrTime): void => {
  const total = BigInt(seconds) * 1_000_000_000n + BigInt(nanos);
  writer.fixed32(Number(total & 0xffff_ffffn)).fixed32(Number(total >> 32n));
};

/** One `Exemplar` message (time_unix_nano 2, as_double 3, span_id 4, trace_id 5), without its tag. */
const encodeExemplar = (exemplar: Exemplar): Uint8Array => {
  const writer = Writer.create();
  writer.uint32(tag(2, 1));
  writeTime(writer, exemplar.time);
  writer.uint32(tag(3, 1)).double(exemplar.value);
  if (exemplar.spanId !== undefined && exemplar.traceId !== undefined) {
    writer.uint32(tag(4, WIRE_LEN)).bytes(hexBytes(exemplar.spanId));
    writer.uint32(tag(5, WIRE_LEN)).bytes(hexBytes(exemplar.traceId));
  }
  return writer.finish();
};

type Rewrite = (field: number, body: Uint8Array) => Uint8Array;

/**
 * Copies `message` field by field; each length-delimited field is passed to `rewrite` (with its
 * number) and written back with its new length, the others are copied as they are.
 */
const rewriteFields = (message: Uint8Array, rewrite: Rewrite): Uint8Array => {
  const reader = Reader.create(message);
  const parts: Uint8Array[] = [];
  while (reader.pos < reader.len) {
    const start = reader.pos;
    const key = reader.uint32();
    if ((key & 7) === WIRE_LEN) {
      const body = reader.bytes();
      const rewritten = rewrite(key >>> 3, body);
      parts.push(
        rewritten === body
          ? message.subarray(start, reader.pos)
          : Writer.create().uint32(key).bytes(rewritten).finish(),
      );
    } else {
      reader.skipType(key & 7);
      parts.push(message.subarray(start, reader.pos));
    }
  }
  return Buffer.concat(parts);
};

/** The first length-delimited field `field` of `message` (empty when absent). */
const fieldBytes = (message: Uint8Array, field: number): Uint8Array => {
  const reader = Reader.create(message);
  while (reader.pos < reader.len) {
    const key = reader.uint32();
    if ((key & 7) === WIRE_LEN && key >>> 3 === field) return reader.bytes();
    reader.skipType(key & 7);
  }
  return new Uint8Array();
};

/** The first length-delimited field `field` of `message` as text (`''` when absent). */
const textField = (message: Uint8Array, field: number): string => UTF8.decode(fieldBytes(message, field));

/** A data point's message with its exemplars appended (a message's fields may come in any order). */
const withPointExemplars = (point: Uint8Array, field: number, exemplars: readonly Exemplar[]): Uint8Array => {
  const writer = Writer.create();
  for (const exemplar of exemplars) writer.uint32(tag(field, WIRE_LEN)).bytes(encodeExemplar(exemplar));
  return Buffer.concat([point, writer.finish()]);
};

/** Points with exemplars, by scope name, then metric name. */
const pointsByName = (collection: ResourceMetrics): Map<string, Map<string, readonly ExemplarPoint[]>> => {
  const scopes = new Map<string, Map<string, readonly ExemplarPoint[]>>();
  for (const { scope, metrics } of collection.scopeMetrics) {
    for (const metric of metrics) {
      const points = metric.dataPoints as readonly ExemplarPoint[];
      if (!points.some((p) => (p.exemplars?.length ?? 0) > 0)) continue;
      const byMetric = scopes.get(scope.name) ?? new Map<string, readonly ExemplarPoint[]>();
      byMetric.set(metric.descriptor.name, points);
      scopes.set(scope.name, byMetric);
    }
  }
  return scopes;
};

/**
 * `request` (a serialized `ExportMetricsServiceRequest` of `collection`, as OpenTelemetry JS wrote
 * it) with the exemplars of `collection`'s data points added to their points; the same bytes when
 * no point has any. Metrics are found by scope and name; a metric's points keep the collection's
 * order in the serializer's output.
 */
export const withExemplars = (request: Uint8Array, collection: ResourceMetrics): Uint8Array => {
  const scopes = pointsByName(collection);
  if (scopes.size === 0) return request;
  return rewriteFields(request, (field, resourceMetrics) => {
    if (field !== RESOURCE_METRICS) return resourceMetrics;
    return rewriteFields(resourceMetrics, (field2, scopeMetrics) => {
      if (field2 !== SCOPE_METRICS) return scopeMetrics;
      const byMetric = scopes.get(textField(fieldBytes(scopeMetrics, SCOPE), SCOPE_NAME));
      if (byMetric === undefined) return scopeMetrics;
      return rewriteFields(scopeMetrics, (field3, metric) => {
        if (field3 !== METRICS) return metric;
        const points = byMetric.get(textField(metric, METRIC_NAME));
        if (points === undefined) return metric;
        return rewriteFields(metric, (field4, data) => {
          const exemplarsField = EXEMPLARS_FIELD[field4];
          if (exemplarsField === undefined) return data;
          let index = 0;
          return rewriteFields(data, (field5, point) => {
            if (field5 !== DATA_POINTS) return point;
            const exemplars = points[index++]?.exemplars ?? [];
            return exemplars.length === 0 ? point : withPointExemplars(point, exemplarsField, exemplars);
          });
        });
      });
    });
  });
};
