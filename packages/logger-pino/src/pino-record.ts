import type { Attributes } from '@telemetryflow/client';

type Fields = Record<string, unknown>;

/** Most dot-joined segments in a key; an object deeper down stays one attribute (the client writes it as JSON). */
const MAX_SEGMENTS = 4;

/**
 * Fields the record carries elsewhere: `level` (the severity), `time` (the timestamp), `pid` and
 * `hostname` (the resource's `process.pid` and `host.name`, which the client sets).
 */
const CARRIED_ELSEWHERE = new Set(['level', 'time', 'pid', 'hostname']);

/** Semantic-convention names of an exception on a log record. */
const EXCEPTION_TYPE = 'exception.type';
const EXCEPTION_MESSAGE = 'exception.message';
const EXCEPTION_STACKTRACE = 'exception.stacktrace';
/** What pino's `err` serializer writes that the `exception.*` attributes carry. */
const ERROR_FIELDS = new Set(['type', 'name', 'message', 'stack']);

const isObject = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Adds `value` under `key` (`depth` + 1 segments long): a nested object as one attribute per leaf,
 * keys joined with dots (`req.headers.host`), at most 4 segments; `null` and `undefined` add nothing.
 */
const addFlattened = (out: Fields, key: string, value: unknown, depth: number): void => {
  if (value === null || value === undefined) return;
  if (isObject(value) && depth < MAX_SEGMENTS - 1) {
    for (const inner of Object.keys(value)) addFlattened(out, `${key}.${inner}`, value[inner], depth + 1);
    return;
  }
  // `__proto__` would set a plain object's prototype; no attribute can have that key anyway.
  if (key !== '__proto__') out[key] = value;
};

/** A serialized error (pino's `err` serializer: `type`, `message`, `stack`, own properties). */
const addException = (out: Fields, errorKey: string, error: Fields): void => {
  const type = error['type'] ?? error['name'];
  if (typeof type === 'string') out[EXCEPTION_TYPE] = type;
  if (typeof error['message'] === 'string') out[EXCEPTION_MESSAGE] = error['message'];
  if (typeof error['stack'] === 'string') out[EXCEPTION_STACKTRACE] = error['stack'];
  for (const key of Object.keys(error)) {
    if (!ERROR_FIELDS.has(key)) addFlattened(out, `${errorKey}.${key}`, error[key], 1);
  }
};

/**
 * The attributes of a parsed pino line: every field but the message, the level, the time, `pid`
 * and `hostname`; the error under `errorKey` as `exception.type`, `exception.message` and
 * `exception.stacktrace` (its other properties as `err.code`, `err.cause.message`, …); nested
 * objects flattened (child logger bindings, a `nestedKey` object alike).
 */
export const attributesOf = (fields: Fields, messageKey: string, errorKey: string): Attributes => {
  const out: Fields = {};
  for (const key of Object.keys(fields)) {
    if (key === messageKey || CARRIED_ELSEWHERE.has(key)) continue;
    const value = fields[key];
    if (key === errorKey && isObject(value)) addException(out, errorKey, value);
    else addFlattened(out, key, value, 0);
  }
  return out as Attributes;
};

/** A seconds value (`pino.stdTimeFunctions.unixTime`) rather than milliseconds: before 1973 in ms. */
const SECONDS_BELOW = 1e11;

/**
 * Epoch milliseconds from pino's time: the text after `"time":` in the line (`stream.lastTime`),
 * or the parsed field. Numbers are epoch milliseconds (the default) or seconds (`unixTime`);
 * strings are dates (`isoTime`). `undefined` when there is none (`timestamp: false`) or it cannot
 * be read (a custom format): the client then uses the time of the call.
 */
export const timeOf = (lastTime: string | undefined, field: unknown): number | undefined => {
  let value: unknown = field;
  if (typeof lastTime === 'string' && lastTime !== '') {
    value = lastTime.startsWith('"') ? lastTime.slice(1, -1) : Number(lastTime);
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value <= 0) return undefined;
    return value < SECONDS_BELOW ? value * 1000 : value;
  }
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
};
