import type { ServerResponse } from 'node:http';
import type { SignalType } from '@telemetryflow/domain';
import { encodeResponse } from '../otlp-decoder.js';
import type { HttpReply } from './receiver-types.js';

const REJECTED_FIELD: Readonly<Record<SignalType, string>> = {
  traces: 'rejectedSpans',
  metrics: 'rejectedDataPoints',
  logs: 'rejectedLogRecords',
};

const encodeBody = (
  reply: HttpReply,
  signal: SignalType | undefined,
): { readonly type: string; readonly bytes: Uint8Array } => {
  const { body, partialSuccess } = reply;
  if (partialSuccess !== undefined && signal !== undefined) {
    const { rejected, errorMessage = '' } = partialSuccess;
    const response = { partialSuccess: { [REJECTED_FIELD[signal]]: rejected, errorMessage } };
    return { type: 'application/x-protobuf', bytes: encodeResponse(signal, response) };
  }
  if (body === undefined) return { type: 'application/x-protobuf', bytes: new Uint8Array(0) };
  if (body instanceof Uint8Array) return { type: 'application/x-protobuf', bytes: body };
  if (typeof body === 'string') return { type: 'text/plain; charset=utf-8', bytes: Buffer.from(body) };
  return { type: 'application/json', bytes: Buffer.from(JSON.stringify(body)) };
};

/** Writes `reply` (its headers win over the defaults); returns the status sent, if it was. */
export const writeReply = (
  res: ServerResponse,
  reply: HttpReply,
  signal: SignalType | undefined,
): number | undefined => {
  const status = reply.status ?? 200;
  const { type, bytes } = encodeBody(reply, signal);
  if (res.destroyed) return undefined;
  res.writeHead(status, {
    'content-type': type,
    'content-length': String(bytes.byteLength),
    ...reply.headers,
  });
  res.end(bytes);
  return status;
};
