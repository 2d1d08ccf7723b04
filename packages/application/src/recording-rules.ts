import type { AttributeValue } from '@telemetryflow/domain';
import type { CleanAttributes } from './ports.js';
import type { RecordingStats } from './recording-stats.js';

// OpenTelemetry's instrument name syntax.
const INSTRUMENT_NAME = /^[A-Za-z][A-Za-z0-9_./-]{0,254}$/;
const UNIT = /^[\x20-\x7e]{0,63}$/;
const MAX_TEXT_FROM_OBJECT = 4096;

/** Longest span name, span event name and span status description, in characters; longer ones are cut. */
export const MAX_NAME_LENGTH = 1_024;
/** Longest log record body (the message), in characters; longer ones are cut. */
export const MAX_LOG_BODY_LENGTH = 65_536;
/** Longest attribute key, in characters; an attribute with a longer key is dropped and counted. */
export const MAX_ATTRIBUTE_KEY_LENGTH = 256;

/**
 * `text` cut to at most `max` characters (never inside a surrogate pair), as a copy that holds
 * nothing of `text`: a `slice` of a long string is a view that keeps the whole source alive (in
 * V8), so 2,000 values of 128 KiB cut to 4 KiB would still hold 250 MB. The copy is made only
 * when something is cut.
 */
export const cutText = (text: string, max: number): string => {
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 1);
  const end = last >= 0xd800 && last <= 0xdbff ? max - 1 : max;
  return JSON.parse(JSON.stringify(text.slice(0, end))) as string;
};

export const isValidInstrumentName = (name: unknown): name is string =>
  typeof name === 'string' && INSTRUMENT_NAME.test(name);

const MAX_NAME_SHOWN = 64;

/** A name as shown in a reason: quoted, at most 64 characters; only the type of a non-string. */
export const shownName = (name: unknown): string => {
  if (typeof name !== 'string') return `(a ${typeof name})`;
  return name.length > MAX_NAME_SHOWN ? `'${name.slice(0, MAX_NAME_SHOWN)}…'` : `'${name}'`;
};

export const isFiniteNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);

/** A value a metric takes: finite, and ≥ 0 for counters and histograms. */
export const isMetricValue = (value: unknown, nonNegative: boolean): value is number =>
  isFiniteNumber(value) && (!nonNegative || value >= 0);

/** Why a metric value is refused (`undefined` when valid): see {@link isMetricValue}. */
export const metricValueProblem = (value: unknown, nonNegative: boolean): string | undefined =>
  isMetricValue(value, nonNegative)
    ? undefined
    : `value must be ${nonNegative ? 'a finite number >= 0' : 'a finite number'}`;

/** A unit OTLP accepts (printable ASCII, at most 63 characters), else `''`. */
export const cleanUnit = (unit: unknown): string => (typeof unit === 'string' && UNIT.test(unit) ? unit : '');

/** An error as plain data: name, message, stack, cause and its own properties (e.g. `code`). */
const errorData = (error: Error): Record<string, unknown> => ({
  name: error.name,
  message: error.message,
  ...(error.stack === undefined ? {} : { stack: error.stack }),
  ...(error.cause === undefined ? {} : { cause: error.cause }),
  ...Object.fromEntries(Object.entries(error)),
});

/**
 * What JSON would drop or mangle, made readable: errors (`{}` in JSON), maps and sets (`{}`),
 * bigints (a throw), non-finite numbers (`null`), symbols, functions, regular expressions, typed
 * arrays and invalid dates. `original` is the value before `toJSON` ran.
 */
const readable = (original: unknown, v: unknown): unknown => {
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (typeof v === 'symbol') return v.toString();
  if (typeof v === 'function') return `[Function ${v.name || 'anonymous'}]`;
  if (original instanceof Date && v === null) return 'Invalid Date';
  if (v instanceof Error) return errorData(v);
  if (v instanceof Map) return Object.fromEntries(v);
  if (v instanceof Set) return [...v];
  if (v instanceof RegExp) return v.toString();
  if (ArrayBuffer.isView(v) && !(v instanceof DataView))
    return Array.from(v as unknown as ArrayLike<unknown>);
  return v;
};

const stringifyObject = (value: object): string => {
  const seen = new WeakSet<object>();
  try {
    const json = JSON.stringify(value, function (this: unknown, key: string, v: unknown) {
      const original = (this as Record<string, unknown>)[key];
      if (typeof v === 'object' && v !== null) {
        if (seen.has(v)) return '[Circular]';
        seen.add(v);
      }
      return readable(original, v);
    });
    return cutText(json ?? Object.prototype.toString.call(value), MAX_TEXT_FROM_OBJECT);
  } catch {
    return Object.prototype.toString.call(value);
  }
};

/**
 * Text for a span name, event name or log message: strings as they are; numbers, booleans and
 * bigints as `String()`; errors as their message; other objects as JSON (cycles cut, 4 KiB max).
 * `undefined` when there is no usable text (empty, nullish, symbol, function, or an object that
 * throws when looked at). Never throws.
 */
export const cleanText = (value: unknown): string | undefined => {
  let text: string | undefined;
  try {
    if (typeof value === 'string') text = value;
    else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
      text = String(value);
    } else if (value instanceof Error) text = value.message || value.name;
    else if (typeof value === 'object' && value !== null) text = stringifyObject(value);
  } catch {
    return undefined; // e.g. a proxy whose traps throw, or an error whose message getter does
  }
  return text === '' || typeof text !== 'string' ? undefined : text;
};

/** {@link cleanText} of a span name, span event name or status description, cut to {@link MAX_NAME_LENGTH}. */
export const nameText = (value: unknown): string | undefined => {
  const text = cleanText(value);
  return text === undefined ? undefined : cutText(text, MAX_NAME_LENGTH);
};

/** {@link cleanText} of a log message, cut to {@link MAX_LOG_BODY_LENGTH}. */
export const bodyText = (value: unknown): string | undefined => {
  const text = cleanText(value);
  return text === undefined ? undefined : cutText(text, MAX_LOG_BODY_LENGTH);
};

/** `String(value)`, or a placeholder for a value that cannot be turned into text. */
const safeString = (value: unknown): string => {
  try {
    return String(value);
  } catch {
    return '[unprintable]';
  }
};

const isPrimitive = (v: unknown): v is string | number | boolean =>
  typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

const cleanArray = (values: readonly unknown[]): AttributeValue => {
  let kind: string | undefined;
  let homogeneous = true;
  for (const v of values) {
    if (v === null || v === undefined) continue;
    if (!isPrimitive(v) || (kind !== undefined && typeof v !== kind)) {
      homogeneous = false;
      break;
    }
    kind = typeof v;
  }
  if (homogeneous) return values as AttributeValue;
  // Mixed arrays are not valid OTLP: keep the information as strings.
  return values.map((v) => (isPrimitive(v) ? String(v) : (cleanText(v) ?? safeString(v))));
};

/** The OTLP form of a value that is not a clean primitive; `undefined` drops the attribute. */
const coerce = (value: unknown): AttributeValue | undefined => {
  if (isPrimitive(value)) return value;
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'symbol' || typeof value === 'function') return undefined;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value); // NaN, ±Infinity, bigint
  if (Array.isArray(value)) return cleanArray(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  return cleanText(value);
};

/**
 * Keys no attribute can have: empty, `__proto__` (OpenTelemetry JS keeps attributes in plain
 * objects, where that key would set the prototype instead of an attribute: it would vanish), and
 * keys longer than {@link MAX_ATTRIBUTE_KEY_LENGTH} (cutting them could merge two attributes).
 */
const isUnusableKey = (key: string): boolean =>
  key === '' || key === '__proto__' || key.length > MAX_ATTRIBUTE_KEY_LENGTH;

/** The OTLP form of `attributes[key]`; `undefined` (dropped) when it has none or cannot be read. */
const coerceEntry = (attributes: Record<string, unknown>, key: string): AttributeValue | undefined => {
  if (isUnusableKey(key)) return undefined;
  try {
    return coerce(attributes[key]);
  } catch {
    return undefined;
  }
};

/**
 * How many attributes an item keeps and how long a string value (or a string in an array) may be, in
 * characters. The SDK's are `attributeCountLimit` / `attributeValueLengthLimit` for metric
 * recordings, and the value length of `spanLimits` / `logRecordLimits` for spans and log records,
 * whose count OpenTelemetry applies itself (reporting what it drops as `droppedAttributesCount`).
 */
export interface AttributeLimits {
  readonly count: number;
  readonly valueLength: number;
}

/** No count or length limit. */
export const NO_ATTRIBUTE_LIMITS: AttributeLimits = Object.freeze({ count: Infinity, valueLength: Infinity });

const hasLongString = (values: readonly unknown[], max: number): boolean => {
  for (const v of values) if (typeof v === 'string' && v.length > max) return true;
  return false;
};

/**
 * A value within `max` characters: strings (and strings in arrays) cut with {@link cutText}, so a
 * cut value is a copy that holds nothing of the original while the item waits to be exported.
 */
const cutValue = (value: AttributeValue, max: number): AttributeValue => {
  if (typeof value === 'string') return cutText(value, max);
  if (!Array.isArray(value) || !hasLongString(value, max)) return value;
  return (value as readonly unknown[]).map((v) =>
    typeof v === 'string' ? cutText(v, max) : v,
  ) as AttributeValue;
};

/**
 * The one pass of the recording hot path: `true` when the attributes already follow every rule
 * (a record of clean primitives and homogeneous arrays, usable keys, within `limits`), so they are
 * used as they are, without a copy; `false` sends them to {@link normalizeAttributes}. Never throws.
 */
export const isCleanAttributes = (
  attributes: unknown,
  limits: AttributeLimits,
): attributes is CleanAttributes =>
  typeof attributes === 'object' &&
  attributes !== null &&
  !Array.isArray(attributes) &&
  isClean(attributes as Record<string, unknown>, limits);

const isClean = (attributes: Record<string, unknown>, { count, valueLength }: AttributeLimits): boolean => {
  let seen = 0;
  try {
    // No `Object.hasOwn` per key (it doubles the cost of this loop): an inherited enumerable key is
    // checked as well, which can only send the attributes to the copy below (own keys only).
    for (const key in attributes) {
      if (++seen > count || isUnusableKey(key)) return false;
      const v = attributes[key];
      if (typeof v === 'string') {
        if (v.length > valueLength) return false;
      } else if (typeof v === 'number') {
        if (!Number.isFinite(v)) return false;
      } else if (typeof v !== 'boolean') {
        if (!Array.isArray(v) || cleanArray(v) !== v || hasLongString(v, valueLength)) return false;
      }
    }
    return true;
  } catch {
    return false; // a getter or proxy that throws: sort it out value by value
  }
};

/**
 * Applies the attribute rules in one pass: clean primitives and homogeneous arrays within `limits`
 * pass through untouched (no copy); non-finite numbers and bigints become strings; dates become
 * ISO strings; objects become JSON; mixed arrays become string arrays; nullish, symbols,
 * functions, empty and `__proto__` keys and values that throw when read are dropped and counted,
 * each on its own (the other attributes are kept). Then `limits`: string values are cut to
 * `valueLength` characters (as copies), and the first `count` usable attributes are kept (those past
 * it are dropped without being counted, as OpenTelemetry's attribute limits do). Never throws.
 * @param limits default {@link NO_ATTRIBUTE_LIMITS}
 */
export const normalizeAttributes = (
  input: unknown,
  stats: RecordingStats,
  limits: AttributeLimits = NO_ATTRIBUTE_LIMITS,
): CleanAttributes | undefined => {
  if (input === undefined || input === null) return undefined;
  if (isCleanAttributes(input, limits)) return input;
  if (typeof input !== 'object' || Array.isArray(input)) {
    stats.dropAttribute('attributes must be a plain object');
    return undefined;
  }
  try {
    const attributes = input as Record<string, unknown>;
    const clean: Record<string, AttributeValue> = {};
    let kept = 0;
    for (const key of Object.keys(attributes)) {
      if (kept >= limits.count) break;
      const value = coerceEntry(attributes, key);
      if (value === undefined) {
        stats.dropAttribute(`attribute '${key.slice(0, 64)}' has no OTLP value`);
        continue;
      }
      clean[key] = cutValue(value, limits.valueLength);
      kept++;
    }
    return clean;
  } catch {
    // The record itself cannot be read (a proxy): keep the recording, drop its attributes.
    stats.dropAttribute('attributes could not be read');
    return undefined;
  }
};

/**
 * String values (and strings in arrays) of already clean attributes cut to `valueLength`
 * characters, as copies; the same object when nothing is too long. For attributes the SDK makes
 * itself (an exception's), which do not go through {@link normalizeAttributes}.
 */
export const cutAttributeValues = <A extends CleanAttributes | undefined>(
  attributes: A,
  valueLength: number,
): A => {
  if (attributes === undefined) return attributes;
  let cut: Record<string, AttributeValue> | undefined;
  for (const key in attributes) {
    if (!Object.hasOwn(attributes, key)) continue;
    const value = attributes[key];
    if (value === undefined) continue;
    const within = cutValue(value, valueLength);
    if (within === value) continue;
    cut ??= { ...attributes };
    cut[key] = within;
  }
  return (cut ?? attributes) as A;
};
