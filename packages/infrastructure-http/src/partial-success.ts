import type { IncomingHttpHeaders } from 'node:http';
import {
  ProtobufLogsSerializer,
  ProtobufMetricsSerializer,
  ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import type { SignalType } from '@telemetryflow/domain';
import { contentTypeOf, excerpt, parseJson } from './body-text.js';
import type { Redact } from './body-text.js';

/** What a successful response says about the request: items the collector rejected, and why. */
export interface PartialSuccess {
  readonly rejectedItems?: number;
  readonly message?: string;
}

/** The `Export*PartialSuccess` field counting the rejected items of each signal. */
const REJECTED_FIELD = {
  traces: 'rejectedSpans',
  metrics: 'rejectedDataPoints',
  logs: 'rejectedLogRecords',
} as const satisfies Record<SignalType, string>;

/** Content types read as protobuf (`''`: the header is missing). */
const PROTOBUF_TYPES = new Set(['application/x-protobuf', 'application/protobuf', '']);

type RejectedField = (typeof REJECTED_FIELD)[SignalType];
type RawPartialSuccess = Partial<Record<RejectedField | 'errorMessage', unknown>> | undefined;

const fromProtobuf = (signal: SignalType, body: Uint8Array): RawPartialSuccess => {
  if (signal === 'traces') return ProtobufTraceSerializer.deserializeResponse(body).partialSuccess;
  if (signal === 'metrics') return ProtobufMetricsSerializer.deserializeResponse(body).partialSuccess;
  return ProtobufLogsSerializer.deserializeResponse(body).partialSuccess;
};

// OTLP/JSON: `{"partialSuccess": {"rejectedSpans": "2", "errorMessage": "..."}}` (int64 as string).
const fromJson = (body: Buffer): RawPartialSuccess => {
  const value = parseJson(body) as { partialSuccess?: unknown } | undefined;
  const partial = typeof value === 'object' && value !== null ? value.partialSuccess : undefined;
  return typeof partial === 'object' && partial !== null ? partial : undefined;
};

const normalize = (signal: SignalType, raw: RawPartialSuccess, redact?: Redact): PartialSuccess => {
  const rejected = Number(raw?.[REJECTED_FIELD[signal]] ?? 0);
  const message = raw?.errorMessage;
  return {
    ...(Number.isSafeInteger(rejected) && rejected > 0 ? { rejectedItems: rejected } : {}),
    ...(typeof message === 'string' && message !== '' ? { message: excerpt(message, redact) } : {}),
  };
};

/**
 * Reads the partial success in a 2xx body. JSON bodies (the TelemetryFlow collector's `{}`) are
 * read as OTLP/JSON, never as protobuf; protobuf bodies with the signal's `Export*ServiceResponse`.
 * Empty, truncated, unreadable or other bodies mean full success.
 */
export const readPartialSuccess = (
  signal: SignalType,
  body: Buffer,
  headers: IncomingHttpHeaders,
  truncated: boolean,
  redact?: Redact,
): PartialSuccess => {
  if (body.length === 0 || truncated) return {};
  const type = contentTypeOf(headers);
  try {
    if (type === 'application/json' || (body.length < 16 && body.toString('utf8').trim() === '{}')) {
      return normalize(signal, fromJson(body), redact);
    }
    return PROTOBUF_TYPES.has(type) ? normalize(signal, fromProtobuf(signal, body), redact) : {};
  } catch {
    return {};
  }
};
