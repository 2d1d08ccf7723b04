import type { TelemetryFlowClient } from '@telemetryflow/client';

/** The part of `TelemetryFlowClient` a logger bridge uses. */
export type LoggerBridgeClient = Pick<
  TelemetryFlowClient,
  'emitLog' | 'captureLogContext' | 'isInitialized' | 'config'
>;

export interface WinstonTransportOptions {
  /**
   * Only records at or above this winston level are sent (`'info'`: info, warn, error). Default:
   * the logger's level. It filters the bridge only; the app's other transports keep theirs.
   */
  readonly level?: string;
  /** Send nothing (winston's `silent`). Default `false`. */
  readonly silent?: boolean;
  /** Also send the uncaught exceptions winston's `handleExceptions` logs. Default `false`. */
  readonly handleExceptions?: boolean;
  /** Also send the unhandled rejections winston's `handleRejections` logs. Default `false`. */
  readonly handleRejections?: boolean;
  /**
   * OTLP severity numbers (1–24) by level name, for custom or `cli` levels: `{ audit: 12 }`. They
   * win over the built-in table (`WINSTON_SEVERITY_NUMBERS`); a name in neither is INFO (9).
   */
  readonly severityNumbers?: Readonly<Record<string, number>>;
}
