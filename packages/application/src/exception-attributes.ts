import type { CleanAttributes } from './ports.js';
import { cleanText } from './recording-rules.js';

/** `exception.type` of a thrown value that is not an `Error` (a string, a number, a plain object). */
export const NON_ERROR_TYPE = 'NonErrorThrown';

/** Reads one property; a getter or proxy trap that throws reads as `undefined`. */
const read = (value: object, key: string): unknown => {
  try {
    return (value as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
};

const nonEmpty = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/**
 * The type of an error: its `name`, unless that is the generic `'Error'` a subclass inherits
 * without setting its own, then its class name (`class PaymentError extends Error {}` →
 * `PaymentError`), else `'Error'`.
 */
export const exceptionTypeOf = (error: Error): string => {
  const name = nonEmpty(read(error, 'name'));
  if (name !== undefined && name !== 'Error') return name;
  const constructor = read(error, 'constructor');
  const className = typeof constructor === 'function' ? nonEmpty(read(constructor, 'name')) : undefined;
  return className ?? name ?? 'Error';
};

/** A finite number or a non-empty string `code` (`11000`, `14`, `'ECONNREFUSED'`), as text. */
const codeOf = (error: object): string | undefined => {
  const code = read(error, 'code');
  if (typeof code === 'number' && Number.isFinite(code)) return String(code);
  return nonEmpty(code);
};

const textOf = (value: unknown): string => {
  const text = cleanText(value);
  if (text !== undefined) return text;
  try {
    return String(value);
  } catch {
    return '[unprintable]';
  }
};

/** `instanceof Error`, false for a value whose prototype cannot be read (a hostile proxy). */
const isError = (value: unknown): value is Error => {
  try {
    return value instanceof Error;
  } catch {
    return false;
  }
};

/**
 * The attributes of an exception, named as the OpenTelemetry semantic conventions for exceptions
 * (on spans and in logs) name them: `exception.type` (the class, see {@link exceptionTypeOf}),
 * `exception.message`, `exception.stacktrace` (V8's `stack`, when there is one).
 *
 * An error's `code` (MongoDB `11000`, gRPC `14`, Node `'ECONNREFUSED'`) goes in `error.type`, not
 * in `exception.type`: OpenTelemetry JS's `recordException` puts the code there, which loses the
 * class, and the conventions define `exception.type` as the class name. `error.type` is the stable
 * convention for "a class of error the operation ended with", which recommends carrying a domain's
 * own error identifiers (its examples include status code `500`); the domain-specific attributes
 * (`db.response.status_code`, `rpc.response.status_code`, …) cannot be chosen without knowing
 * where the error came from, so that is left to instrumentation that does.
 *
 * A thrown value that is not an `Error` gets the type `NonErrorThrown` and its text as the message.
 * Never throws: fields that cannot be read are left out.
 */
export const exceptionAttributes = (error: unknown): CleanAttributes => {
  if (!isError(error)) {
    return { 'exception.type': NON_ERROR_TYPE, 'exception.message': textOf(error) };
  }
  const attributes: Record<string, string> = { 'exception.type': exceptionTypeOf(error) };
  const message = read(error, 'message');
  if (typeof message === 'string') attributes['exception.message'] = message;
  const stack = nonEmpty(read(error, 'stack'));
  if (stack !== undefined) attributes['exception.stacktrace'] = stack;
  const code = codeOf(error);
  if (code !== undefined) attributes['error.type'] = code;
  return attributes;
};
