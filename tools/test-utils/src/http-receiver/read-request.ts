import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { isSignalType } from '@telemetryflow/domain';
import type { SignalType } from '@telemetryflow/domain';
import { decodeRequest } from '../otlp-decoder.js';
import type { ReceivedHttpRequest } from './receiver-types.js';

const gunzipAsync = promisify(gunzip);

/** A received request whose status the receiver fills in when it answers. */
export type RequestRecord = { -readonly [K in keyof ReceivedHttpRequest]: ReceivedHttpRequest[K] };

/** The body, or `undefined` when it grew past `max` bytes (reading stops). */
export const readBody = (req: IncomingMessage, max: number): Promise<Buffer | undefined> =>
  new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        resolve(undefined);
        req.pause();
      } else {
        chunks.push(chunk);
      }
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => resolve(undefined));
  });

/** The signal a path names by its last segment (`/v1/traces`, `/custom/traces`). */
export const signalOfPath = (path: string): SignalType | undefined => {
  const last = path.split('/').pop();
  return isSignalType(last) ? last : undefined;
};

const lowerCaseHeaders = (req: IncomingMessage): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
};

const peerName = (req: IncomingMessage): string | undefined => {
  const socket = req.socket as Partial<TLSSocket>;
  const cn = socket.getPeerCertificate?.()?.subject?.CN;
  return typeof cn === 'string' && cn !== '' ? cn : undefined;
};

const decode = async (
  signal: SignalType | undefined,
  wire: Buffer,
  gzip: boolean,
): Promise<Pick<RequestRecord, 'body' | 'request' | 'decodeError'>> => {
  let body = wire;
  try {
    if (gzip) body = await gunzipAsync(wire);
    if (signal === undefined) return { body, request: undefined, decodeError: 'no signal in the path' };
    return { body, request: decodeRequest(signal, body), decodeError: undefined };
  } catch (error) {
    return { body, request: undefined, decodeError: String(error) };
  }
};

/** Records a request whose body has been read: headers, gunzipped body, decoded OTLP. */
export const recordRequest = async (req: IncomingMessage, wire: Buffer): Promise<RequestRecord> => {
  const receivedAt = Date.now();
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  const signal = signalOfPath(path);
  const gzip = /\bgzip\b/i.test(req.headers['content-encoding'] ?? '');
  return {
    signal,
    method: req.method ?? '',
    path,
    headers: lowerCaseHeaders(req),
    gzip,
    bytes: wire.length,
    ...(await decode(signal, wire, gzip)),
    receivedAt,
    remotePort: req.socket.remotePort,
    clientCertificate: peerName(req),
    status: undefined,
  };
};
