import type { LoggerBridgeClient, PinoDestination, PinoDestinationOptions } from './pino-types.js';
import { PINO_LABELS, PINO_LEVELS, pinoSeverityNumber } from './pino-levels.js';
import { attributesOf, timeOf } from './pino-record.js';

/** Asks pino (and `pino.multistream`) for `lastLevel`, `lastTime`, `lastLogger` before each write. */
const METADATA = Symbol.for('pino.metadata');

type Fields = Record<string, unknown>;
interface LoggerLike {
  readonly levels?: { readonly labels?: Readonly<Record<number, string>> };
}
interface PinoConfig {
  readonly levels?: { readonly values?: Readonly<Record<string, number>> };
  readonly messageKey?: unknown;
  readonly errorKey?: unknown;
}

const parse = (line: string): Fields | undefined => {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Fields)
      : undefined;
  } catch {
    return undefined;
  }
};

/** See `createPinoDestination`. */
class TelemetryFlowPinoDestination implements PinoDestination {
  readonly [METADATA] = true;
  // Set by pino before each `write`.
  lastLevel: unknown = undefined;
  lastTime: unknown = undefined;
  lastLogger: unknown = undefined;
  lastMsg: unknown = undefined;
  lastObj: unknown = undefined;

  readonly #client: LoggerBridgeClient;
  readonly #level: string | number;
  readonly #severityNumbers: Readonly<Record<string, number>>;
  #values: Readonly<Record<string, number>> = PINO_LEVELS;
  #labels: Readonly<Record<number, string>> = PINO_LABELS;
  #messageKey: string;
  #errorKey: string;
  #minLevel = 0;

  constructor(client: LoggerBridgeClient, options: PinoDestinationOptions) {
    const { level = 0, messageKey = 'msg', errorKey = 'err', severityNumbers = {} } = options;
    this.#client = client;
    this.#level = level;
    this.#messageKey = messageKey;
    this.#errorKey = errorKey;
    this.#severityNumbers = severityNumbers;
    this.#minLevel = this.#resolveLevel(level);
  }

  write(line: string): void {
    const { lastLevel, lastTime, lastLogger } = this;
    this.lastLevel = this.lastTime = this.lastLogger = this.lastMsg = this.lastObj = undefined;
    try {
      this.#send(line, lastLevel, lastTime, lastLogger as LoggerLike | undefined);
    } catch {
      // Telemetry never fails the app's log call.
    }
  }

  /** pino tells its destination its levels and keys when a logger is created (`PINO_CONFIG`). */
  emit(event: string | symbol, message?: unknown): boolean {
    const { code, config } = (message ?? {}) as { code?: unknown; config?: PinoConfig };
    if (event !== 'message' || code !== 'PINO_CONFIG' || typeof config !== 'object' || !config) return false;
    const values = config.levels?.values;
    if (values) {
      this.#values = values;
      this.#labels = Object.fromEntries(Object.entries(values).map(([label, n]) => [n, label]));
      this.#minLevel = this.#resolveLevel(this.#level);
    }
    if (typeof config.messageKey === 'string') this.#messageKey = config.messageKey;
    if (typeof config.errorKey === 'string') this.#errorKey = config.errorKey;
    return true;
  }

  /** `pino.multistream`'s `end()` calls it; the client's lifetime is the app's to end. */
  end(): void {}

  #send(line: string, lastLevel: unknown, lastTime: unknown, logger: LoggerLike | undefined): void {
    const client = this.#client;
    if (!client.isInitialized() || !client.config.enableLogs) return;
    if (typeof lastLevel === 'number' && lastLevel < this.#minLevel) return;
    const fields = parse(line);
    const level = typeof lastLevel === 'number' ? lastLevel : this.#resolveLevel(fields?.['level']);
    if (level < this.#minLevel) return;
    const label = logger?.levels?.labels?.[level] ?? this.#labels[level];
    const severityNumber = (label && this.#severityNumbers[label]) || pinoSeverityNumber(level);
    const severityText = label ?? String(level);
    if (fields === undefined) {
      // Not JSON (a `hooks.streamWrite` rewrote it): the line itself is the message.
      client.emitLog({ body: line.trimEnd(), severityNumber, severityText });
      return;
    }
    client.emitLog({
      body: fields[this.#messageKey] ?? '',
      severityNumber,
      severityText,
      timestamp: timeOf(typeof lastTime === 'string' ? lastTime : undefined, fields['time']),
      attributes: attributesOf(fields, this.#messageKey, this.#errorKey),
    });
  }

  /** A level label or number as a number (an unknown label: 0, so nothing is filtered out). */
  #resolveLevel(level: unknown): number {
    if (typeof level === 'number') return level;
    return typeof level === 'string' ? (this.#values[level] ?? 0) : 0;
  }
}

/**
 * A pino destination that sends each record it is given to the collector as an OTLP log record,
 * through `client`: severity from the level, `msg` as the body, the other fields (child logger
 * bindings included) as attributes, the error as `exception.*`, pino's `time` as the timestamp, and
 * the trace and span ids of the span active at the log call. Put it in a `pino.multistream` next to
 * the app's own output, which stays as it was.
 *
 * It runs in the log call, on the main thread (pino hands a destination each line synchronously),
 * which is how it sees the active span; a worker-thread `pino.transport()` cannot. The client's
 * `emitLog` is synchronous and only queues the record: exporting happens later, in batches. It
 * never throws; it does nothing while the client is not running or its logs signal is off.
 *
 * @param client the initialized client to send through
 * @param options `level` (only records at or above it are sent; default all), `messageKey` and
 *   `errorKey` (default `msg`, `err`: pino tells the destination its own), `severityNumbers` for
 *   custom levels
 * @example
 * ```ts
 * import pino from 'pino';
 * import { createPinoDestination } from '@telemetryflow/logger-pino';
 *
 * const logger = pino(
 *   { level: 'debug' },
 *   pino.multistream([
 *     { stream: process.stdout, level: 'debug' }, // the app's output, unchanged
 *     { stream: createPinoDestination(client), level: 'info' }, // info and above to the collector
 *   ]),
 * );
 * ```
 */
export const createPinoDestination = (
  client: LoggerBridgeClient,
  options: PinoDestinationOptions = {},
): PinoDestination => new TelemetryFlowPinoDestination(client, options);
