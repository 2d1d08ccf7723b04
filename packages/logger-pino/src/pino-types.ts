import type { TelemetryFlowClient } from '@telemetryflow/client';

/** The part of `TelemetryFlowClient` a logger bridge uses. */
export type LoggerBridgeClient = Pick<TelemetryFlowClient, 'emitLog' | 'isInitialized' | 'config'>;

export interface PinoDestinationOptions {
  /**
   * Only records at or above this level are sent: a label (`'info'`, or a custom level's) or a
   * number. Default: every record the logger writes to the destination. It filters the bridge
   * only; the app's other outputs keep their levels.
   */
  readonly level?: string | number;
  /** pino's `messageKey`. Default `'msg'`; a logger created with the destination tells it its own. */
  readonly messageKey?: string;
  /** pino's `errorKey`. Default `'err'`; a logger created with the destination tells it its own. */
  readonly errorKey?: string;
  /**
   * OTLP severity numbers (1–24) by level label, for custom levels: `{ audit: 12 }`. Default: see
   * `pinoSeverityNumber`.
   */
  readonly severityNumbers?: Readonly<Record<string, number>>;
}

/** What `createPinoDestination` returns: a pino `DestinationStream` for `pino()` or `pino.multistream`. */
export interface PinoDestination {
  /** Sends one serialized pino record. Never throws. */
  write(line: string): void;
  /** Receives pino's `PINO_CONFIG` message (its levels, `messageKey`, `errorKey`). */
  emit(event: string | symbol, message?: unknown): boolean;
  /** A no-op: `pino.multistream`'s `end()` calls it; shut the client down yourself. */
  end(): void;
}
