import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import protobuf from 'protobufjs';
import type { SignalType } from '@telemetryflow/domain';

// The official opentelemetry-proto v1.4.0 definitions, as shipped by @elastic/mockotlpserver.
export const PROTO_DIR = dirname(
  createRequire(import.meta.url).resolve('@elastic/mockotlpserver/package.json'),
);

export const SERVICE_PROTOS: Readonly<Record<SignalType, string>> = {
  traces: 'opentelemetry/proto/collector/trace/v1/trace_service.proto',
  metrics: 'opentelemetry/proto/collector/metrics/v1/metrics_service.proto',
  logs: 'opentelemetry/proto/collector/logs/v1/logs_service.proto',
};

const PACKAGES: Readonly<Record<SignalType, string>> = {
  traces: 'opentelemetry.proto.collector.trace.v1.ExportTrace',
  metrics: 'opentelemetry.proto.collector.metrics.v1.ExportMetrics',
  logs: 'opentelemetry.proto.collector.logs.v1.ExportLogs',
};

let root: protobuf.Root | undefined;
const protoRoot = (): protobuf.Root => {
  if (root === undefined) {
    root = new protobuf.Root();
    root.resolvePath = (_origin, target) => join(PROTO_DIR, target);
    root.loadSync(Object.values(SERVICE_PROTOS));
  }
  return root;
};

const requestType = (signal: SignalType): protobuf.Type =>
  protoRoot().lookupType(`${PACKAGES[signal]}ServiceRequest`);
const responseType = (signal: SignalType): protobuf.Type =>
  protoRoot().lookupType(`${PACKAGES[signal]}ServiceResponse`);

const ID_FIELDS = new Set(['traceId', 'spanId', 'parentSpanId']);

/** Turns base64 ids into lowercase hex, recursively, so tests compare with OTel span ids. */
const hexIds = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(hexIds);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] =
      ID_FIELDS.has(key) && typeof v === 'string' ? Buffer.from(v, 'base64').toString('hex') : hexIds(v);
  }
  return out;
};

/** A decoded OTLP export request as a plain object (longs as strings, enums as names, ids as hex). */
export type DecodedRequest = Record<string, unknown>;

export const decodeRequest = (signal: SignalType, body: Uint8Array): DecodedRequest => {
  const type = requestType(signal);
  const message = type.decode(body);
  return hexIds(
    type.toObject(message, { longs: String, enums: String, bytes: String, arrays: true, oneofs: true }),
  ) as DecodedRequest;
};

/** Encodes an `Export*ServiceRequest` from its plain-object form (e.g. to feed a receiver directly). */
export const encodeRequest = (signal: SignalType, request: Record<string, unknown>): Uint8Array => {
  const type = requestType(signal);
  return type.encode(type.fromObject(request)).finish();
};

/** Encodes an `Export*ServiceResponse`, e.g. a partial success, for a test receiver to send back. */
export const encodeResponse = (signal: SignalType, response: Record<string, unknown>): Uint8Array => {
  const type = responseType(signal);
  return type.encode(type.fromObject(response)).finish();
};

/** Loads the protos for gRPC servers (@grpc/proto-loader options that match the decoder). */
export const protoFiles = (): { dir: string; files: string[] } => ({
  dir: PROTO_DIR,
  files: Object.values(SERVICE_PROTOS),
});
