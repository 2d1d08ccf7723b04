import type { Attributes } from '@telemetryflow/client';

type Fields = Record<string, unknown>;

/** Most dot-joined segments in a key; an object deeper down stays one attribute (the client writes it as JSON). */
const MAX_SEGMENTS = 4;
/**
 * Fields the record carries elsewhere: `level` (the severity: winston's colorize format may have
 * painted it), `message` (the body), `timestamp` (`format.timestamp()`'s text: the record has its
 * own timestamp).
 */
const CARRIED_ELSEWHERE = new Set(['level', 'message', 'timestamp']);
const EXCEPTION_TYPE = 'exception.type';
const EXCEPTION_MESSAGE = 'exception.message';
const EXCEPTION_STACKTRACE = 'exception.stacktrace';

const isPlainObject = (value: unknown): value is Fields => {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

/** An error as plain fields: name, message, stack, then its own properties (`code`, `cause`, …). */
const errorFields = (error: Error): Fields => ({
  name: error.name,
  message: error.message,
  stack: error.stack,
  ...(error.cause === undefined ? {} : { cause: error.cause }),
  ...(error as object), // its own enumerable properties (`code`, …)
});

/**
 * Adds `value` under `key` (`depth` + 1 segments long): plain objects and errors as one attribute
 * per leaf, keys joined with dots (`req.headers.host`, `cause.message`), at most 4 segments; other
 * values as they are (the client's attribute rules turn dates, class instances and mixed arrays into
 * text); `null` and `undefined` add nothing.
 */
const addFlattened = (out: Fields, key: string, value: unknown, depth: number): void => {
  if (value === null || value === undefined) return;
  const inner = value instanceof Error ? errorFields(value) : isPlainObject(value) ? value : undefined;
  if (inner === undefined || depth >= MAX_SEGMENTS - 1) {
    // `__proto__` would set a plain object's prototype; no attribute can have that key anyway.
    if (key !== '__proto__') out[key] = value;
    return;
  }
  for (const name of Object.keys(inner)) addFlattened(out, `${key}.${name}`, inner[name], depth + 1);
};

const setException = (out: Fields, type: unknown, message: unknown, stack: unknown): void => {
  if (typeof type === 'string' && type !== '') out[EXCEPTION_TYPE] = type;
  if (typeof message === 'string' && message !== '') out[EXCEPTION_MESSAGE] = message;
  if (typeof stack === 'string') out[EXCEPTION_STACKTRACE] = stack;
};

/**
 * Finds the record's error and writes it as `exception.type`, `exception.message` and
 * `exception.stacktrace`; returns the keys it used. In order: the info object itself is an error
 * (`logger.error(new Error('…'))`), an `err` or `error` field holding one, or a `stack` field
 * (`format.errors({ stack: true })`, `logger.error('…', error)`), its type from `name` or the stack.
 */
const addException = (out: Fields, info: Fields): readonly string[] => {
  if (info instanceof Error) {
    setException(out, info.name, info.message, info.stack);
    return ['stack'];
  }
  for (const key of ['err', 'error']) {
    const error = info[key];
    if (error instanceof Error) {
      setException(out, error.name, error.message, error.stack);
      const { name: _name, message: _message, stack: _stack, ...rest } = errorFields(error);
      for (const field of Object.keys(rest)) addFlattened(out, `${key}.${field}`, rest[field], 1);
      return [key];
    }
  }
  const { stack, name, message } = info;
  if (typeof stack !== 'string') return [];
  const type = typeof name === 'string' ? name : /^([A-Za-z_$][\w$.]*):/.exec(stack)?.[1];
  setException(out, type, message, stack);
  return typeof name === 'string' ? ['stack', 'name'] : ['stack'];
};

/**
 * The attributes of a winston info object: its fields but `level`, `message` and `timestamp`
 * (symbol keys are winston's own), `defaultMeta` and child logger metadata included; its error as
 * `exception.*`; nested plain objects and other errors flattened to dotted keys.
 */
export const attributesOf = (info: Fields): Attributes => {
  const out: Fields = {};
  const used = addException(out, info);
  for (const key of Object.keys(info)) {
    if (CARRIED_ELSEWHERE.has(key) || used.includes(key)) continue;
    addFlattened(out, key, info[key], 0);
  }
  return out as Attributes;
};
