import { SeverityLevel, isSeverityLevel } from '@telemetryflow/domain';
import type { EmitBatchLogsCommand, EmitLogCommand } from './log-commands.js';
import { exceptionAttributes } from './exception-attributes.js';
import { cleanLogDetails, hasOwnKeys } from './log-record-details.js';
import type { CleanAttributes, LogRecordInput, LoggingPort } from './ports.js';
import type { AttributeLimits } from './recording-rules.js';
import { NO_ATTRIBUTE_LIMITS, bodyText, cutAttributeValues, normalizeAttributes } from './recording-rules.js';
import type { RecordingStats } from './recording-stats.js';
import type { SdkState } from './sdk-state.js';

/** The message when it is an `Error` (a value whose prototype cannot be read is not). */
const errorIn = (message: unknown): Error | undefined => {
  try {
    return message instanceof Error ? message : undefined;
  } catch {
    return undefined;
  }
};

/**
 * The exception's attributes (values cut to `valueLength`) under the record's own (already
 * cleaned): a key the caller set wins.
 */
const withException = (
  error: unknown,
  own: CleanAttributes | undefined,
  valueLength: number,
): CleanAttributes => {
  const exception = cutAttributeValues(exceptionAttributes(error), valueLength);
  return own === undefined ? exception : { ...exception, ...own };
};

export class EmitLogHandler {
  readonly #logging: LoggingPort;
  readonly #state: SdkState;
  readonly #stats: RecordingStats;
  readonly #limits: AttributeLimits;

  /** @param limits the log record attribute limits (`logRecordLimits`; see `createSdk`), default none */
  constructor(logging: LoggingPort, state: SdkState, stats: RecordingStats, limits = NO_ATTRIBUTE_LIMITS) {
    this.#logging = logging;
    this.#state = state;
    this.#stats = stats;
    this.#limits = limits;
  }

  /**
   * `true` when emitted. A non-string message is turned into text (see `cleanText`), cut to 64 Ki characters; an empty
   * one is dropped as invalid, except from a log bridge (`details` given) when the record has attributes (a structured
   * log without a message keeps an empty body); an unknown severity becomes INFO. A bridge's usable details (see
   * `cleanLogDetails`) are passed on, its severity number setting the severity. An `Error` given as the message, or
   * the command's `error`, adds `exception.type`, `exception.message`, `exception.stacktrace` (and `error.type` for
   * its code) under the record's own attributes; an `Error` message becomes the body through its message.
   */
  handle(command: EmitLogCommand): boolean {
    return this.emit(
      command.message,
      command.severity,
      command.attributes,
      command.spanId,
      command.details,
      command.error,
    );
  }

  /**
   * What {@link handle} does, with the command's fields as arguments: the client's log calls come
   * here without a command object (issue #22), as its metric and span calls do.
   */
  emit(
    message: EmitLogCommand['message'],
    severity: SeverityLevel,
    attributes: EmitLogCommand['attributes'],
    spanId: string | undefined,
    details: EmitLogCommand['details'],
    error: unknown,
  ): boolean {
    if (!this.#state.isEnabled('logs')) return false;
    const cause = error !== undefined ? error : errorIn(message);
    let body = bodyText(message);
    if (body === undefined && details !== undefined && hasOwnKeys(attributes)) body = '';
    if (body === undefined) return this.#stats.reject('logs', 'log message is empty');
    const clean = details === undefined ? undefined : cleanLogDetails(details);
    const record: LogRecordInput = {
      message: body,
      severity: clean?.severity ?? (isSeverityLevel(severity) ? severity : SeverityLevel.INFO),
      attributes:
        cause === undefined
          ? normalizeAttributes(attributes, this.#stats, this.#limits)
          : withException(
              cause,
              normalizeAttributes(attributes, this.#stats, this.#limits),
              this.#limits.valueLength,
            ),
      spanId: typeof spanId === 'string' && spanId !== '' ? spanId : undefined,
    };
    // A bridge's details only when there are some: a spread costs on every log call.
    this.#logging.emit(clean === undefined ? record : { ...record, ...clean.fields });
    return this.#stats.accept('logs');
  }
}

export class EmitBatchLogsHandler {
  readonly #emitLog: EmitLogHandler;

  constructor(emitLog: EmitLogHandler) {
    this.#emitLog = emitLog;
  }

  /** How many of the logs were emitted. */
  handle(command: EmitBatchLogsCommand): number {
    const logs: unknown = command.logs;
    if (!Array.isArray(logs)) return 0;
    let emitted = 0;
    for (const log of logs as readonly EmitLogCommand[]) if (this.#emitLog.handle(log)) emitted++;
    return emitted;
  }
}
