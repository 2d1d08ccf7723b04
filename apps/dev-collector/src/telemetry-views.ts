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
  readonly events: readonly { readonly name: string; readonly attributes: Record<string, unknown> }[];
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
  readonly timeMs: number;
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

const span = ({ resource, item }: { resource: Obj; item: Obj }): SpanView => {
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
      attributes: attributes(e['attributes']),
    })),
  };
};

const log = ({ resource, item }: { resource: Obj; item: Obj }): LogView => ({
  service: serviceOf(resource),
  timeMs: ms(item['timeUnixNano'] ?? item['observedTimeUnixNano']),
  severity: text(item['severityText']) || text(item['severityNumber']).replace('SEVERITY_NUMBER_', ''),
  body: text(anyValue(item['body'])),
  traceId: typeof item['traceId'] === 'string' ? item['traceId'] : undefined,
  spanId: typeof item['spanId'] === 'string' ? item['spanId'] : undefined,
  attributes: attributes(item['attributes']),
});

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
  }));
};

/** Flattens one decoded export request into what the views show. */
export const viewsOf = (signal: SignalType, request: DecodedRequest): Views => ({
  spans: signal === 'traces' ? spansOf(request).map(span) : [],
  logs: signal === 'logs' ? logsOf(request).map(log) : [],
  metrics: signal === 'metrics' ? metricsOf(request).flatMap(points) : [],
});
