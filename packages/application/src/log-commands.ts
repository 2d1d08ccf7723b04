import { SeverityLevel } from '@telemetryflow/domain';
import type { Attributes } from '@telemetryflow/domain';

/**
 * What a log bridge (pino, winston) knows about a record beyond `log()`'s arguments. Every field is
 * optional; one that is unusable is ignored (its default applies), never an error.
 */
export interface LogRecordDetails {
  /** When the event happened: epoch milliseconds, fractions kept. Default: when it is recorded. */
  readonly timestamp?: number;
  /** OTLP `SeverityNumber`, an integer 1–24 (TRACE=1 … FATAL4=24); it also sets the severity. */
  readonly severityNumber?: number;
  /** The level as the source names it (`'info'`, `'warning'`, `'verbose'`); at most 64 characters kept. */
  readonly severityText?: string;
  /** An engine context captured where the log call was made (opaque here): its span correlates the record. */
  readonly context?: object;
}

/** One OTLP log record. */
export class EmitLogCommand {
  readonly type = 'EmitLog';
  readonly message: string | Error;
  readonly severity: SeverityLevel;
  readonly attributes: Attributes | undefined;
  /** Correlate with this span (an id from `startSpan`) instead of the active one. */
  readonly spanId: string | undefined;
  /** From a log bridge: the source's time, severity and call context. */
  readonly details: LogRecordDetails | undefined;
  /** An error the record is about: its `exception.*` attributes are added (see `exceptionAttributes`). */
  readonly error: unknown;

  constructor(
    message: string | Error,
    severity: SeverityLevel = SeverityLevel.INFO,
    attributes?: Attributes,
    spanId?: string,
    details?: LogRecordDetails,
    error?: unknown,
  ) {
    this.message = message;
    this.severity = severity;
    this.attributes = attributes;
    this.spanId = spanId;
    this.details = details;
    this.error = error;
  }
}

/** Several log records at once. */
export class EmitBatchLogsCommand {
  readonly type = 'EmitBatchLogs';
  readonly logs: readonly EmitLogCommand[];

  constructor(logs: readonly EmitLogCommand[]) {
    this.logs = logs;
  }
}
