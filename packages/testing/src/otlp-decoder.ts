import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import protobuf from 'protobufjs';
import type { SignalType } from '@telemetryflow/client';

/**
 * The official opentelemetry-proto v1.4.0 definitions, vendored in the package's `proto/` (see its
 * README). `src/` and `dist/` both sit next to it, so one relative URL serves the sources, the ESM
 * build and the CJS build (whose `import.meta.url` tsup shims).
 */
const PROTO_DIR = fileURLToPath(new URL('../proto/', import.meta.url));

const SERVICES: Readonly<Record<SignalType, { file: string; request: string }>> = {
  traces: {
    file: 'opentelemetry/proto/collector/trace/v1/trace_service.proto',
    request: 'opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest',
  },
  metrics: {
    file: 'opentelemetry/proto/collector/metrics/v1/metrics_service.proto',
    request: 'opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest',
  },
  logs: {
    file: 'opentelemetry/proto/collector/logs/v1/logs_service.proto',
    request: 'opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest',
  },
};

let root: protobuf.Root | undefined;

/** Parsed once, at the first request: importing the package costs nothing. */
const protoRoot = (): protobuf.Root => {
  if (root === undefined) {
    const loading = new protobuf.Root();
    loading.resolvePath = (_origin, target) => join(PROTO_DIR, target);
    loading.loadSync(Object.values(SERVICES).map((s) => s.file));
    root = loading;
  }
  return root;
};

/** gzip's magic bytes. An OTLP request starts with a field tag (0x0a), never with these. */
const isGzip = (body: Uint8Array): boolean => body.length >= 2 && body[0] === 0x1f && body[1] === 0x8b;

/**
 * A decoded `Export{Trace,Metrics,Logs}ServiceRequest` as a plain object, in protobufjs' JSON
 * mapping: 64-bit integers as decimal strings, bytes (ids) as base64, enums as numbers, every
 * repeated field an array, and a oneof's chosen field named by the oneof (`value: 'asInt'`).
 */
export type DecodedRequest = Readonly<Record<string, unknown>>;

/**
 * Decodes one export request body (gzipped or not) of `signal`.
 * @throws when the body is not a valid request of that signal (truncated, not protobuf, bad gzip)
 */
export const decodeExportRequest = (signal: SignalType, body: Uint8Array): DecodedRequest => {
  const bytes = isGzip(body) ? gunzipSync(body) : body;
  const type = protoRoot().lookupType(SERVICES[signal].request);
  return type.toObject(type.decode(bytes), { longs: String, bytes: String, arrays: true, oneofs: true });
};
