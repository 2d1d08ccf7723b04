import type { HttpReceiverOptions, HttpReply, ReceivedHttpRequest } from './receiver-types.js';

/** A standard OTLP/HTTP receiver: any `…/{signal}` path, gzip accepted, empty protobuf answers. */
export const otlpReply = (request: ReceivedHttpRequest): HttpReply => {
  if (request.signal === undefined) return { status: 404, body: 'Not found' };
  if (request.method !== 'POST') return { status: 405, body: 'Method not allowed' };
  if (request.request === undefined) {
    return { status: 400, body: `Failed to decode ${request.signal}: ${request.decodeError ?? ''}` };
  }
  return { status: 200, headers: { 'content-type': 'application/x-protobuf' }, body: new Uint8Array(0) };
};

const V2_KEY_ID = 'x-telemetryflow-key-id';
const V2_KEY_SECRET = 'x-telemetryflow-key-secret';

const unauthorized = (status: 401 | 403, error: string): HttpReply => ({ status, body: { error } });

/** The collector's `validateV2Auth`: key ID present and `tfk_`, allow-listed, optionally a `tfs_` secret. */
const checkV2Auth = (
  headers: Readonly<Record<string, string>>,
  options: HttpReceiverOptions,
): HttpReply | undefined => {
  const keyId = headers[V2_KEY_ID];
  if (keyId === undefined || keyId === '') return unauthorized(401, 'missing TelemetryFlow API Key ID');
  if (!keyId.startsWith('tfk_')) {
    return unauthorized(401, 'invalid TelemetryFlow API Key ID format (expected tfk_xxx)');
  }
  if (options.allowedKeyIds !== undefined && !options.allowedKeyIds.includes(keyId)) {
    return unauthorized(403, 'API Key ID not authorized');
  }
  if (options.validateSecret !== true) return undefined;
  const secret = headers[V2_KEY_SECRET];
  if (secret === undefined || secret === '') return unauthorized(401, 'missing TelemetryFlow API Key Secret');
  if (!secret.startsWith('tfs_')) {
    return unauthorized(401, 'invalid TelemetryFlow API Key Secret format (expected tfs_xxx)');
  }
  return undefined;
};

const ROUTE = /^\/(v1|v2)\/(traces|metrics|logs)$/;

/**
 * The TelemetryFlow collector's HTTP receiver (`tfootlp`): `/v1/*` open, `/v2/*` behind key-ID
 * auth (JSON `{"error": …}` 401/403), no `Content-Encoding` support (a gzip body fails to
 * unmarshal: 400), and `200 {}` as JSON on success.
 */
export const telemetryflowReply = (request: ReceivedHttpRequest, options: HttpReceiverOptions): HttpReply => {
  const route = ROUTE.exec(request.path);
  if (route === null) return { status: 404, body: '404 page not found\n' };
  if (request.method !== 'POST') return { status: 405, body: 'Method not allowed\n' };
  if (route[1] === 'v2') {
    const denied = checkV2Auth(request.headers, options);
    if (denied !== undefined) return denied;
  }
  if (request.gzip || request.request === undefined) {
    return { status: 400, body: `Failed to unmarshal ${route[2] ?? ''}\n` };
  }
  return { status: 200, body: {} };
};
