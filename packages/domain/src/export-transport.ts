import type { Protocol } from './protocol.js';
import type { SignalType } from './signal-type.js';
import type { TelemetryConfig } from './telemetry-config.js';

/** What happened to one export request. Transports return it; they never throw. */
export type ExportOutcome =
  | {
      readonly status: 'success';
      /** Items the collector rejected in a partial success (0 or absent when all were taken). */
      readonly rejectedItems?: number;
      /** The collector's partial-success message or warning, if any. */
      readonly message?: string;
    }
  | {
      readonly status: 'retryable';
      /** Delay the collector asked for (gRPC RetryInfo, HTTP Retry-After). */
      readonly retryAfterMs?: number;
      readonly reason: string;
    }
  | {
      readonly status: 'failed';
      readonly reason: string;
    };

export interface ExportSendOptions {
  /** Deadline for this attempt. */
  readonly timeoutMs: number;
}

/**
 * Driven port: moves one encoded OTLP export request (protobuf bytes of
 * `Export{Trace,Metrics,Logs}ServiceRequest`) for one signal to the collector.
 * Transports know nothing about spans or metrics; retry and queueing live outside them.
 */
export interface ExportTransport {
  send(signal: SignalType, body: Uint8Array, options: ExportSendOptions): Promise<ExportOutcome>;
  /**
   * Largest request body (bytes) the transport can send, if it has a limit (gRPC's
   * `grpcMaxSendMessageSize`). The SDK cuts larger batches into requests that fit.
   */
  readonly maxRequestBytes?: number;
  /** Closes connections. Later `send` calls resolve to `failed`. */
  shutdown(): Promise<void>;
}

/** What the SDK gives a transport besides the configuration. */
export interface TransportContext {
  /**
   * Tells the application something it should know (a fallback taken, a misconfiguration seen),
   * once per `code` until the condition clears. Never pass secrets.
   */
  report(code: string, message: string): void;
  /** The condition behind `code` is over: the next `report` of it is shown again. */
  clear?(code: string): void;
}

/**
 * How transport packages are plugged in: built from the final configuration at each
 * `initialize()`. Transport packages export one as `createTransport`.
 */
export type ExportTransportFactory = ((
  config: TelemetryConfig,
  context: TransportContext,
) => ExportTransport) & {
  /**
   * The protocol its transports speak, when the factory says (`createGrpcTransport()` and
   * `createHttpTransport()` do): the builder's `withExporter(factory)` then sets it as the
   * configuration's protocol (the HTTP paths follow) unless another one was chosen.
   */
  readonly protocol?: Protocol;
};
