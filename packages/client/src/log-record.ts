import type { Context } from '@opentelemetry/api';
import { EmitLogCommand } from '@telemetryflow/application';
import { SeverityLevel } from '@telemetryflow/domain';
import type { Attributes } from '@telemetryflow/domain';
import { isDiagnosticContext } from './engine/diagnostic-context.js';
import { isContext } from './engine/logging-adapter.js';

declare const LOG_CONTEXT: unique symbol;

/**
 * Where a log call was made, as `client.captureLogContext()` saw it there: the active span (whose
 * trace and span ids the record gets) and whether the SDK was reporting a diagnostic. Opaque: hand
 * it to `emitLog()`. It holds no data of its own and is cheap to keep until the record is emitted.
 */
export interface LogContext {
  readonly [LOG_CONTEXT]: true;
}

/**
 * One log record from another logger (pino, winston), for `client.emitLog()`. Only `body` is
 * required; a field that is unusable is ignored (its default applies), never an error.
 */
export interface LogRecordData {
  /**
   * The message: the record's body. As `log()`'s message, a non-string is turned into text and an
   * empty one is dropped and counted as invalid, unless the record has attributes (a structured
   * log without a message keeps an empty body).
   */
  readonly body: unknown;
  /** OTLP `SeverityNumber`, an integer 1–24 (TRACE=1, DEBUG=5, INFO=9, WARN=13, ERROR=17, FATAL=21, each with three more). Default 9. */
  readonly severityNumber?: number;
  /** The level as the source names it (`'info'`, `'warning'`, `'verbose'`), 64 characters kept. Default: `TRACE` … `FATAL`. */
  readonly severityText?: string;
  /** When the event happened: epoch milliseconds, fractions kept (a finite number above 0). Default: now. */
  readonly timestamp?: number;
  /** As for `log()`: see "Attributes" in the client docs. */
  readonly attributes?: Attributes;
  /** From `captureLogContext()` where the log call was made, when the record is emitted later. Default: the active context. */
  readonly context?: LogContext;
}

const read = (record: unknown): Partial<Record<keyof LogRecordData, unknown>> => {
  if (typeof record !== 'object' || record === null) return {};
  try {
    const { body, severityNumber, severityText, timestamp, attributes, context } = record as LogRecordData;
    return { body, severityNumber, severityText, timestamp, attributes, context };
  } catch {
    return {}; // a record that throws when read: dropped as having no message
  }
};

/**
 * The command for a bridged record, in the context it names or `active()`; `undefined` when that
 * context is the SDK reporting a diagnostic (its own diagnostics logged back: not sent again).
 */
export const emitLogCommandOf = (record: unknown, active: () => Context): EmitLogCommand | undefined => {
  const { body, severityNumber, severityText, timestamp, attributes, context } = read(record);
  const ctx = isContext(context) ? context : active();
  if (isDiagnosticContext(ctx)) return undefined;
  return new EmitLogCommand(body as string, SeverityLevel.INFO, attributes as Attributes, undefined, {
    timestamp: timestamp as number,
    severityNumber: severityNumber as number,
    severityText: severityText as string,
    context: ctx,
  });
};
