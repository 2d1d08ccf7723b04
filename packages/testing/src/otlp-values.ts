import type { Attributes } from '@telemetryflow/client';

/** A decoded protobuf message (see `DecodedRequest`). */
export type Obj = Readonly<Record<string, unknown>>;

export const values = (value: unknown): unknown[] => (Array.isArray(value) ? (value as unknown[]) : []);

/** A repeated message field. */
export const list = (value: unknown): Obj[] => values(value) as Obj[];

export const obj = (value: unknown): Obj =>
  typeof value === 'object' && value !== null ? (value as Obj) : {};

export const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** A decoded number: doubles are numbers, 64-bit integers decimal strings. Absent: 0. */
export const num = (value: unknown): number =>
  typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : 0;

/** Unix nanoseconds (a decimal string) as epoch milliseconds, to the microsecond. Absent: 0. */
export const msOf = (nanos: unknown): number => {
  if (typeof nanos !== 'string' && typeof nanos !== 'number') return 0;
  return Number(BigInt(nanos) / 1000n) / 1000;
};

/** The time from `start` to `end` (Unix nanoseconds) in ms, exact to the nanosecond; never negative. */
export const msBetween = (start: unknown, end: unknown): number => {
  const nanos = (n: unknown): bigint => (typeof n === 'string' || typeof n === 'number' ? BigInt(n) : 0n);
  const diff = nanos(end) - nanos(start);
  return diff > 0n ? Number(diff) / 1e6 : 0;
};

/** Base64 bytes (an id) as lowercase hex; `undefined` when empty (no parent, no trace). */
export const hexOf = (base64: unknown): string | undefined => {
  const hex = typeof base64 === 'string' ? Buffer.from(base64, 'base64').toString('hex') : '';
  return hex === '' ? undefined : hex;
};

/** An OTLP `AnyValue` as plain JS: kvlists as objects, arrays as arrays, bytes as base64, empty as `undefined`. */
export const anyValueOf = (value: unknown): unknown => {
  const v = obj(value);
  switch (v['value']) {
    case 'stringValue':
    case 'boolValue':
    case 'doubleValue':
    case 'bytesValue':
      return v[v['value']];
    case 'intValue':
      return num(v['intValue']);
    case 'arrayValue':
      return list(obj(v['arrayValue'])['values']).map(anyValueOf);
    case 'kvlistValue':
      return attributesOf(obj(v['kvlistValue'])['values']);
    default:
      return undefined;
  }
};

/**
 * An OTLP `KeyValue[]` as a record. The client only sends primitives and arrays of them, which is
 * what `Attributes` holds; other producers' nested values come through as objects.
 */
export const attributesOf = (keyValues: unknown): Attributes =>
  Object.freeze(
    Object.fromEntries(list(keyValues).map((kv) => [text(kv['key']), anyValueOf(kv['value'])])),
  ) as Attributes;

const sameValue = (a: unknown, b: unknown): boolean => {
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  }
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    return hasAttributes(a as Attributes, b as Attributes) && hasAttributes(b as Attributes, a as Attributes);
  }
  return Object.is(a, b) || a === b;
};

/** `actual` has every entry of `wanted` (arrays compared element by element); `undefined` entries are ignored. */
export const hasAttributes = (actual: Attributes, wanted: Attributes | undefined): boolean => {
  if (wanted === undefined) return true;
  for (const [key, value] of Object.entries(wanted)) {
    if (value === undefined) continue;
    if (!Object.hasOwn(actual, key) || !sameValue(actual[key], value)) return false;
  }
  return true;
};
