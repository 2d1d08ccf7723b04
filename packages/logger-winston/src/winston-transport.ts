import TransportStream from 'winston-transport';
import { captureCalls, releaseCalls } from './call-capture.js';
import type { CapturedCall } from './call-capture.js';
import { winstonSeverityNumber } from './winston-levels.js';
import { attributesOf } from './winston-record.js';
import type { LoggerBridgeClient, WinstonTransportOptions } from './winston-types.js';

/** winston's (triple-beam's) key of the level name, unpainted by formats. */
const LEVEL = Symbol.for('level');

type Info = Record<string | symbol, unknown>;

/** See `createWinstonTransport`. */
class TelemetryFlowWinstonTransport extends TransportStream {
  readonly #client: LoggerBridgeClient;
  readonly #severityNumbers: Readonly<Record<string, number>>;
  /** Where each log call's capture is kept in the info object: one key per transport. */
  readonly #call = Symbol('@telemetryflow/logger-winston call');

  constructor(client: LoggerBridgeClient, options: WinstonTransportOptions) {
    const { severityNumbers = {}, ...transportOptions } = options;
    super(transportOptions);
    this.#client = client;
    this.#severityNumbers = severityNumbers;
    const capture = () => client.captureLogContext();
    this.on('pipe', (logger: unknown) => captureCalls(logger, this.#call, capture));
    this.on('unpipe', (logger: unknown) => releaseCalls(logger, this.#call));
  }

  /** Queues the record with the client and calls `next` at once: never waits for an export. */
  override log(info: Info, next: () => void): void {
    try {
      this.#send(info);
    } catch (error) {
      this.emit('warn', error); // telemetry never fails the app's log call
    }
    if (this.listenerCount('logged') > 0) setImmediate(() => this.emit('logged', info));
    next();
  }

  #send(info: Info): void {
    const client = this.#client;
    if (!client.isInitialized() || !client.config.enableLogs) return;
    const call = info[this.#call] as CapturedCall | undefined;
    const level = String(info[LEVEL] ?? info['level']);
    client.emitLog({
      body: info['message'] ?? '',
      severityNumber: this.#severityNumbers[level] ?? winstonSeverityNumber(level),
      severityText: level,
      attributes: attributesOf(info),
      ...(call === undefined ? {} : { timestamp: call.time, context: call.context }),
    });
  }
}

/**
 * A winston transport that sends each record to the collector as an OTLP log record, through
 * `client`: severity from the level (winston's `npm` and `syslog` levels), the message as the body,
 * the other fields (`defaultMeta`, child logger metadata) as attributes, the error as
 * `exception.*`, and the time and the trace and span ids of the log call. Add it next to the app's
 * own transports, which are unaffected.
 *
 * winston may deliver a record to its transports after the log call returned (when a file
 * transport is behind, records queue up): so the transport captures the call's context and time in
 * the call, through the logger's `defaultMeta` (a symbol-keyed getter, invisible to formats and
 * transports), and does not read the active span when it gets the record. Its `log` queues the
 * record with the client and returns at once: exporting happens later, in batches. It never
 * throws; it does nothing while the client is not running or its logs signal is off.
 *
 * @param client the initialized client to send through
 * @param options `level` (default: the logger's), `severityNumbers` for custom levels, and
 *   winston's `silent`, `handleExceptions`, `handleRejections`
 * @example
 * ```ts
 * import winston from 'winston';
 * import { createWinstonTransport } from '@telemetryflow/logger-winston';
 *
 * const logger = winston.createLogger({
 *   level: 'debug',
 *   transports: [
 *     new winston.transports.Console(), // the app's output, unchanged
 *     createWinstonTransport(client, { level: 'info' }), // info and above to the collector
 *   ],
 * });
 * ```
 */
export const createWinstonTransport = (
  client: LoggerBridgeClient,
  options: WinstonTransportOptions = {},
): TransportStream => new TelemetryFlowWinstonTransport(client, options);
