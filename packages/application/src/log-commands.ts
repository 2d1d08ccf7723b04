import { SeverityLevel } from '@telemetryflow/domain';
import type { Attributes } from '@telemetryflow/domain';
import { now } from './clock.js';

/** One OTLP log record. */
export class EmitLogCommand {
  readonly type = 'EmitLog';
  readonly timestamp = now();
  readonly message: string;
  readonly severity: SeverityLevel;
  readonly attributes: Attributes | undefined;
  /** Correlate with this span (an id from `startSpan`) instead of the active one. */
  readonly spanId: string | undefined;

  constructor(
    message: string,
    severity: SeverityLevel = SeverityLevel.INFO,
    attributes?: Attributes,
    spanId?: string,
  ) {
    this.message = message;
    this.severity = severity;
    this.attributes = attributes;
    this.spanId = spanId;
  }
}

/** Several log records at once. */
export class EmitBatchLogsCommand {
  readonly type = 'EmitBatchLogs';
  readonly timestamp = now();
  readonly logs: readonly EmitLogCommand[];

  constructor(logs: readonly EmitLogCommand[]) {
    this.logs = logs;
  }
}
