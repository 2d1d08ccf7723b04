import { SeverityLevel, isSeverityLevel } from '@telemetryflow/domain';
import type { EmitBatchLogsCommand, EmitLogCommand } from './log-commands.js';
import { cleanLogDetails, hasOwnKeys } from './log-record-details.js';
import type { LoggingPort } from './ports.js';
import { bodyText, normalizeAttributes } from './recording-rules.js';
import type { RecordingStats } from './recording-stats.js';
import type { SdkState } from './sdk-state.js';

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
   * `cleanLogDetails`) are passed on, its severity number setting the severity.
   */
  handle(command: EmitLogCommand): boolean {
    if (!this.#state.isEnabled('logs')) return false;
    const { details } = command;
    let message = bodyText(command.message);
    if (message === undefined && details !== undefined && hasOwnKeys(command.attributes)) message = '';
    if (message === undefined) return this.#stats.reject('logs', 'log message is empty');
    const clean = details === undefined ? undefined : cleanLogDetails(details);
    this.#logging.emit({
      message,
      severity:
        clean?.severity ?? (isSeverityLevel(command.severity) ? command.severity : SeverityLevel.INFO),
      attributes: normalizeAttributes(command.attributes, this.#stats),
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
