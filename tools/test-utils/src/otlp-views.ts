import type { DecodedRequest } from './otlp-decoder.js';

type Obj = Record<string, unknown>;
const list = (value: unknown): Obj[] => (Array.isArray(value) ? (value as Obj[]) : []);

/** The value of an OTLP `AnyValue` as plain JS. */
export const anyValue = (value: unknown): unknown => {
  const v = (value ?? {}) as Obj;
  if ('stringValue' in v) return v['stringValue'];
  if ('boolValue' in v) return v['boolValue'];
  if ('intValue' in v) return Number(v['intValue']);
  if ('doubleValue' in v) return v['doubleValue'];
  if ('arrayValue' in v) return list((v['arrayValue'] as Obj)['values']).map(anyValue);
  if ('kvlistValue' in v) return attributes((v['kvlistValue'] as Obj)['values']);
  if ('bytesValue' in v) return v['bytesValue'];
  return undefined;
};

/** An OTLP `KeyValue[]` as a record. */
export const attributes = (kvs: unknown): Record<string, unknown> =>
  Object.fromEntries(list(kvs).map((kv) => [kv['key'] as string, anyValue(kv['value'])]));

export interface Flattened<T> {
  readonly resource: Record<string, unknown>;
  readonly scope: Obj;
  readonly item: T;
}

const flatten = (request: DecodedRequest, outer: string, middle: string, inner: string): Flattened<Obj>[] =>
  list(request[outer]).flatMap((r) =>
    list(r[middle]).flatMap((s) =>
      list(s[inner]).map((item) => ({
        resource: attributes((r['resource'] as Obj | undefined)?.['attributes']),
        scope: (s['scope'] ?? {}) as Obj,
        item,
      })),
    ),
  );

export const spansOf = (request: DecodedRequest) => flatten(request, 'resourceSpans', 'scopeSpans', 'spans');
export const logsOf = (request: DecodedRequest) =>
  flatten(request, 'resourceLogs', 'scopeLogs', 'logRecords');
export const metricsOf = (request: DecodedRequest) =>
  flatten(request, 'resourceMetrics', 'scopeMetrics', 'metrics');
