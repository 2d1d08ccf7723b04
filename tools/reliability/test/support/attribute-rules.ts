import { anyValue } from '@telemetryflow-internal/test-utils';
import { expect } from 'vitest';

/**
 * What docs/CLIENT.md ("Attributes") says becomes of a value, written from the documentation
 * (not the implementation): `dropped`, an exact wire value, or some text (an object's JSON).
 */
export type Expected =
  | { readonly kind: 'dropped' }
  | { readonly kind: 'exact'; readonly value: unknown }
  | { readonly kind: 'text' }
  | { readonly kind: 'array'; readonly items: readonly Expected[] };

export interface Limits {
  readonly count: number;
  readonly valueLength: number;
}

const DROPPED: Expected = { kind: 'dropped' };
const TEXT: Expected = { kind: 'text' };

/** -0 goes over the wire as 0 (an integer). */
const plainNumber = (n: number): number => (Object.is(n, -0) ? 0 : n);

const isPrimitive = (v: unknown): boolean =>
  typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

/** Can the value be looked at at all (a proxy whose traps throw cannot)? */
const readable = (value: unknown): boolean => {
  try {
    void (value instanceof Date);
    void Array.isArray(value);
    return true;
  } catch {
    return false;
  }
};

/** Text of a non-primitive inside a mixed array (errors: their message; objects: JSON). */
const elementText = (v: unknown, limits: Limits): Expected => {
  if (isPrimitive(v)) return { kind: 'exact', value: String(v).slice(0, limits.valueLength) };
  if (typeof v === 'bigint' || typeof v === 'number') return { kind: 'exact', value: String(v) };
  if (v === null || v === undefined) return { kind: 'exact', value: String(v) };
  if (v instanceof Error) return { kind: 'exact', value: (v.message || v.name).slice(0, limits.valueLength) };
  return TEXT; // symbols, functions, objects: some text
};

const expectArray = (values: readonly unknown[], limits: Limits): Expected => {
  const present = values.filter((v) => v !== null && v !== undefined);
  const homogeneous = present.every(isPrimitive) && new Set(present.map((v) => typeof v)).size <= 1;
  if (homogeneous) {
    return {
      kind: 'array',
      items: values.map((v) =>
        v === null || v === undefined
          ? { kind: 'exact', value: undefined }
          : {
              kind: 'exact',
              value: typeof v === 'string' ? v.slice(0, limits.valueLength) : plainNumber(v as number),
            },
      ),
    };
  }
  return { kind: 'array', items: values.map((v) => elementText(v, limits)) };
};

/** The documented fate of one attribute value. */
export const expectedValue = (value: unknown, limits: Limits): Expected => {
  if (!readable(value)) return DROPPED;
  if (typeof value === 'string') return { kind: 'exact', value: value.slice(0, limits.valueLength) };
  if (typeof value === 'boolean') return { kind: 'exact', value };
  if (typeof value === 'number') {
    return { kind: 'exact', value: Number.isFinite(value) ? plainNumber(value) : String(value) };
  }
  if (typeof value === 'bigint') return { kind: 'exact', value: String(value) };
  if (value === null || value === undefined || typeof value === 'symbol' || typeof value === 'function') {
    return DROPPED;
  }
  if (Array.isArray(value)) return expectArray(value as unknown[], limits);
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? DROPPED : { kind: 'exact', value: value.toISOString() };
  }
  if (value instanceof Error) {
    return { kind: 'exact', value: (value.message || value.name).slice(0, limits.valueLength) };
  }
  return TEXT;
};

export interface ExpectedAttributes {
  /** Attributes expected on the wire, in order, after the count limit. */
  readonly kept: ReadonlyMap<string, Expected>;
  /** Attributes the SDK drops as unusable (counted in `getStatus().droppedAttributes`). */
  readonly droppedByRules: number;
  /** Usable attributes beyond the count limit (OTLP `dropped_attributes_count`). */
  readonly droppedByLimit: number;
}

/** The documented fate of a whole `attributes` argument. */
export const expectedAttributes = (input: unknown, limits: Limits): ExpectedAttributes => {
  const none = { kept: new Map<string, Expected>(), droppedByLimit: 0 };
  if (input === undefined || input === null) return { ...none, droppedByRules: 0 };
  let keys: string[];
  try {
    if (typeof input !== 'object' || Array.isArray(input)) return { ...none, droppedByRules: 1 };
    keys = Object.keys(input);
  } catch {
    return { ...none, droppedByRules: 1 }; // the argument itself cannot be read
  }
  const usable = new Map<string, Expected>();
  let droppedByRules = 0;
  const valueOf = (key: string): Expected => {
    try {
      return expectedValue((input as Record<string, unknown>)[key], limits);
    } catch {
      return DROPPED; // a getter that throws: that attribute cannot be read
    }
  };
  for (const key of keys) {
    // Empty keys, `__proto__` (which OpenTelemetry JS cannot store) and keys longer than 256
    // characters are dropped.
    const expected = key === '' || key === '__proto__' || key.length > 256 ? DROPPED : valueOf(key);
    if (expected.kind === 'dropped') droppedByRules++;
    else usable.set(key, expected);
  }
  const kept = new Map([...usable].slice(0, limits.count));
  return { kept, droppedByRules, droppedByLimit: usable.size - kept.size };
};

const matches = (expected: Expected, wire: unknown, limits: Limits, where: string): void => {
  if (expected.kind === 'exact') {
    expect(wire, where).toEqual(expected.value);
  } else if (expected.kind === 'text') {
    expect(typeof wire, where).toBe('string');
    expect((wire as string).length, where).toBeLessThanOrEqual(limits.valueLength);
  } else if (expected.kind === 'array') {
    expect(Array.isArray(wire), where).toBe(true);
    const items = wire as unknown[];
    expect(items.length, where).toBe(expected.items.length);
    expected.items.forEach((item, i) => matches(item, items[i], limits, `${where}[${i}]`));
  }
};

type KeyValue = { readonly key: string; readonly value: unknown };

/** Checks the attributes of one decoded span or log record against the expectation. */
export const expectWireAttributes = (
  item: Record<string, unknown>,
  expected: ExpectedAttributes,
  limits: Limits,
  where: string,
): void => {
  const wire = (item['attributes'] as KeyValue[] | undefined) ?? [];
  const own = wire.filter((kv) => kv.key !== 'case'); // the marker's own id
  expect(
    own.map((kv) => kv.key),
    `${where}: attribute keys`,
  ).toEqual([...expected.kept.keys()]);
  for (const kv of own) {
    const e = expected.kept.get(kv.key);
    if (e !== undefined) matches(e, anyValue(kv.value), limits, `${where}: ${JSON.stringify(kv.key)}`);
  }
  expect(Number(item['droppedAttributesCount'] ?? 0), `${where}: droppedAttributesCount`).toBe(
    expected.droppedByLimit,
  );
};
