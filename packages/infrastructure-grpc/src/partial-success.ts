import type * as Transformer from '@opentelemetry/otlp-transformer';
import type { ExportOutcome, SignalType } from '@telemetryflow/domain';

type OtlpTransformer = typeof Transformer;

interface PartialSuccess {
  readonly rejected?: number | undefined;
  readonly message?: string | undefined;
}

/** Reads an OK answer's `Export*ServiceResponse` into a success outcome. */
export type ResponseReader = (signal: SignalType, response: Uint8Array | undefined) => ExportOutcome;

const partialSuccessReaders = (
  t: OtlpTransformer,
): Readonly<Record<SignalType, (bytes: Uint8Array) => PartialSuccess | undefined>> => ({
  traces: (bytes) => {
    const p = t.ProtobufTraceSerializer.deserializeResponse(bytes).partialSuccess;
    return p && { rejected: p.rejectedSpans, message: p.errorMessage };
  },
  metrics: (bytes) => {
    const p = t.ProtobufMetricsSerializer.deserializeResponse(bytes).partialSuccess;
    return p && { rejected: p.rejectedDataPoints, message: p.errorMessage };
  },
  logs: (bytes) => {
    const p = t.ProtobufLogsSerializer.deserializeResponse(bytes).partialSuccess;
    return p && { rejected: p.rejectedLogRecords, message: p.errorMessage };
  },
});

const SUCCESS: ExportOutcome = Object.freeze({ status: 'success' });

/**
 * A reader of OK answers with OpenTelemetry's response deserializers: `partial_success`
 * becomes `rejectedItems` and `message`. An answer that does not decode is still a success
 * (the collector said OK).
 */
export const createResponseReader = (transformer: OtlpTransformer): ResponseReader => {
  const readers = partialSuccessReaders(transformer);
  return function readResponse(signal, response) {
    if (response === undefined || response.byteLength === 0) return SUCCESS;
    let partial: PartialSuccess | undefined;
    try {
      partial = readers[signal](response);
    } catch {
      return SUCCESS;
    }
    const rejected = partial?.rejected !== undefined && partial.rejected > 0 ? partial.rejected : undefined;
    const message = partial?.message === undefined || partial.message === '' ? undefined : partial.message;
    return {
      status: 'success',
      ...(rejected === undefined ? {} : { rejectedItems: rejected }),
      ...(message === undefined ? {} : { message }),
    };
  };
};
