import type { IncomingHttpHeaders } from 'node:http';
import { rpcStatusMessage } from './rpc-status.js';

/** Longest body excerpt put into an outcome's reason. */
export const MAX_EXCERPT_CHARS = 200;

export const contentTypeOf = (headers: IncomingHttpHeaders): string =>
  (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

/** Removes the API key secret and custom header values from a text (the transport's redactor). */
export type Redact = (text: string) => string;

const keep: Redact = (text) => text;

/**
 * One printable line of at most `MAX_EXCERPT_CHARS` characters, redacted before it is cut (a
 * secret cut in half would no longer be recognised, and its beginning would go out).
 */
export const excerpt = (text: string, redact: Redact = keep): string => {
  // Control characters (newlines included) become spaces, so a body cannot forge log lines.
  const line = redact(text)
    .replace(/[\p{Cc}\s]+/gu, ' ')
    .trim();
  return line.length > MAX_EXCERPT_CHARS ? `${line.slice(0, MAX_EXCERPT_CHARS)}…` : line;
};

/** Parses a JSON body; `undefined` when it is not JSON. */
export const parseJson = (body: Buffer): unknown => {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
};

const jsonMessage = (value: unknown): string | undefined => {
  if (typeof value !== 'object' || value === null) return undefined;
  const { error, message } = value as { error?: unknown; message?: unknown };
  if (typeof error === 'string') return error;
  if (typeof message === 'string') return message;
  return jsonMessage(error);
};

/**
 * What an error response says, as one short line: the `error` / `message` of a JSON body (the
 * TelemetryFlow collector's `{"error": "..."}`), the message of a protobuf `google.rpc.Status`,
 * else the beginning of the text. `''` when the body is empty or binary.
 */
export const describeBody = (body: Buffer, headers: IncomingHttpHeaders, redact: Redact = keep): string => {
  if (body.length === 0) return '';
  const type = contentTypeOf(headers);
  if (type === 'application/x-protobuf' || type === 'application/protobuf') {
    return excerpt(rpcStatusMessage(body) ?? '', redact);
  }
  const fromJson = jsonMessage(parseJson(body));
  if (fromJson !== undefined) return excerpt(fromJson, redact);
  // Enough to tell text from binary data; a character cut at the end is not a sign of binary.
  const head = body
    .subarray(0, 4 * MAX_EXCERPT_CHARS)
    .toString('utf8')
    .replace(/\uFFFD$/, '');
  // The whole body (bounded by maxResponseBytes) is redacted before the excerpt is cut from it.
  return head.includes('\uFFFD') ? '' : excerpt(body.toString('utf8'), redact);
};
