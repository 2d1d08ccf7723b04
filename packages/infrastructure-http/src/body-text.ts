import type { IncomingHttpHeaders } from 'node:http';
import { rpcStatusMessage } from './rpc-status.js';

/** Longest body excerpt put into an outcome's reason. */
export const MAX_EXCERPT_CHARS = 200;

export const contentTypeOf = (headers: IncomingHttpHeaders): string =>
  (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

/** One printable line of at most `MAX_EXCERPT_CHARS` characters. */
export const excerpt = (text: string): string => {
  // Control characters (newlines included) become spaces, so a body cannot forge log lines.
  const line = text.replace(/[\p{Cc}\s]+/gu, ' ').trim();
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
export const describeBody = (body: Buffer, headers: IncomingHttpHeaders): string => {
  if (body.length === 0) return '';
  const type = contentTypeOf(headers);
  if (type === 'application/x-protobuf' || type === 'application/protobuf') {
    return excerpt(rpcStatusMessage(body) ?? '');
  }
  const fromJson = jsonMessage(parseJson(body));
  if (fromJson !== undefined) return excerpt(fromJson);
  // Enough for the excerpt; a character cut at the end is not a sign of binary data.
  const text = body
    .subarray(0, 4 * MAX_EXCERPT_CHARS)
    .toString('utf8')
    .replace(/\uFFFD$/, '');
  return text.includes('\uFFFD') ? '' : excerpt(text);
};
