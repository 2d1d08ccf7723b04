import { SeverityLevel, isSeverityLevel } from '@telemetryflow/domain';
import type { EmitBatchLogsCommand, EmitLogCommand } from './log-commands.js';
import { exceptionAttributes } from './exception-attributes.js';
import { cleanLogDetails, hasOwnKeys } from './log-record-details.js';
import type { LoggingPort } from './ports.js';
import { bodyText, normalizeAttributes } from './recording-rules.js';
import type { RecordingStats } from './recording-stats.js';
import type { SdkState } from './sdk-state.js';

const errorIn = (message: unknown): Error | undefined => (message instanceof Error ? message : undefined);

/** The exception's attributes under the record's own: a key the caller set wins. */
const withException = (error: unknown, attributes: unknown): unknown => {
  const exception = exceptionAttributes(error);
  if (attributes === undefined || attributes === null) return exception;
  if (typeof attributes !== 'object' || Array.isArray(attributes)) return attributes; // reported as it is
  try {
    return { ...exception, ...attributes };
  } catch {
    return exception; // a proxy that cannot be spread
  }
};

export class EmitLogHandler {
  readonly #logging: LoggingPort;
  readonly #state: SdkState;
  readonly #stats: RecordingStats;

  constructor(logging: LoggingPort, state: SdkState, stats: RecordingStats) {
    this.#logging = logging;
    this.#state = state;
    this.#stats = stats;
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
    if (!this.#state.isEnabled('logs')) return false;
    const { details } = command;
    const error = command.error !== undefined ? command.error : errorIn(command.message);
    let message = bodyText(command.message);
    if (message === undefined && details !== undefined && hasOwnKeys(command.attributes)) message = '';
    if (message === undefined) return this.#stats.reject('logs', 'log message is empty');
    const clean = details === undefined ? undefined : cleanLogDetails(details);
    this.#logging.emit({
      message,
      severity:
        clean?.severity ?? (isSeverityLevel(command.severity) ? command.severity : SeverityLevel.INFO),
      attributes: normalizeAttributes(
        error === undefined ? command.attributes : withException(error, command.attributes),
        this.#stats,
      ),
      spanId: typeof command.spanId === 'string' && command.spanId !== '' ? command.spanId : undefined,
      ...clean?.fields,
    });
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
