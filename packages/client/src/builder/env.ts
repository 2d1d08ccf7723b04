import { KEY_SECRET_PREFIX, Protocol } from '@telemetryflow/domain';
import type { Problem } from '@telemetryflow/domain';
import type { Environment } from './env-names.js';

/** A variable's value after parsing: the value, or a problem naming the variable. */
export type Parsed<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: Problem };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });

const fail = <T>(name: string, message: string): Parsed<T> => ({
  ok: false,
  problem: { field: name, message: `${name} ${message}` },
});

const MAX_ECHO = 40;

/**
 * How a bad value is shown in a message: quoted, control characters replaced, long values cut.
 * Only ever called for variables that are not the API key secret; a value that looks like one
 * anyway (a secret pasted into the wrong variable) is not shown.
 */
export const quote = (raw: string): string => {
  if (raw.includes(KEY_SECRET_PREFIX))
    return `a value containing '${KEY_SECRET_PREFIX}' (not shown: it may be an API key secret)`;
  // eslint-disable-next-line no-control-regex
  const printable = raw.replace(/[\u0000-\u001f\u007f]/g, '?');
  return `'${printable.length > MAX_ECHO ? `${printable.slice(0, MAX_ECHO)}…` : printable}'`;
};

/**
 * The trimmed value of `name`, or `undefined` when it is unset, empty or blank (so that
 * docker-compose's `VAR=` counts as unset).
 */
export const readVar = (env: Environment, name: string): string | undefined => {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
};

/** The first of `names` that is set, with its value. */
export const readFirst = (
  env: Environment,
  names: readonly string[],
): { readonly name: string; readonly value: string } | undefined => {
  for (const name of names) {
    const value = readVar(env, name);
    if (value !== undefined) return { name, value };
  }
  return undefined;
};

const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off']);

/** `true/false`, `1/0`, `yes/no`, `on/off`, case-insensitive. */
export const parseBoolean = (name: string, raw: string): Parsed<boolean> => {
  const word = raw.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return ok(true);
  if (FALSE_WORDS.has(word)) return ok(false);
  return fail(name, `must be true or false (or 1/0, yes/no, on/off), got ${quote(raw)}`);
};

export interface IntegerRule {
  /** Smallest accepted value. */
  readonly min: 0 | 1;
  /** Unit named in messages, e.g. `seconds`. */
  readonly unit?: 'seconds' | 'milliseconds' | 'bytes';
}

/** A whole number in decimal digits (an optional `-` so the range message can name it); nothing else. */
export const parseInteger = (name: string, raw: string, rule: IntegerRule): Parsed<number> => {
  const text = raw.trim();
  const what = rule.unit === undefined ? 'a whole number' : `a whole number of ${rule.unit}`;
  if (!/^-?\d+$/.test(text)) return fail(name, `must be ${what}, got ${quote(raw)}`);
  const value = Number(text);
  if (!Number.isSafeInteger(value)) return fail(name, `is too large, got ${quote(raw)}`);
  if (value < rule.min) {
    return fail(name, `must be ${rule.min === 1 ? 'greater than 0' : '0 or more'}, got ${quote(raw)}`);
  }
  return ok(value);
};

/** `grpc` or `http`, case-insensitive. */
export const parseProtocol = (name: string, raw: string): Parsed<Protocol> => {
  const word = raw.trim().toLowerCase();
  if (word === 'grpc') return ok(Protocol.GRPC);
  if (word === 'http') return ok(Protocol.HTTP);
  return fail(name, `must be 'grpc' or 'http', got ${quote(raw)}`);
};

/** OTel's `grpc` or `http/protobuf`; `http/json` is not supported. */
export const parseOtlpProtocol = (name: string, raw: string): Parsed<Protocol> => {
  const word = raw.trim().toLowerCase();
  if (word === 'grpc') return ok(Protocol.GRPC);
  if (word === 'http/protobuf') return ok(Protocol.HTTP);
  return fail(name, `must be 'grpc' or 'http/protobuf' (http/json is not supported), got ${quote(raw)}`);
};
