import type { ExportTransport, ExportTransportFactory } from '@telemetryflow/domain';

/** Something the SDK wants a human to know: an export failure, a fallback it took. */
export interface Diagnostic {
  /** Stable identifier, e.g. `TF_EXPORT_FAILED`. */
  readonly code: string;
  /** One line; never contains the API key secret. */
  readonly message: string;
}

/** How a client gets its transport and talks to its host, beyond `TelemetryConfig`. */
export interface ClientOptions {
  /**
   * The transport (or a factory called with the config at each `initialize()`). When absent, the
   * transport package for `config.protocol` is resolved: `@telemetryflow/infrastructure-grpc` or
   * `@telemetryflow/infrastructure-http`.
   */
  readonly transport?: ExportTransport | ExportTransportFactory;
  /**
   * Register this client's providers (and W3C propagator) as the OpenTelemetry globals, so
   * OpenTelemetry instrumentations export through it. Off by default: clients keep to themselves.
   */
  readonly registerGlobal?: boolean;
  /**
   * Receives diagnostics (export failures, compression fallback, …), each code reported once until
   * it clears. Default: `process.emitWarning`.
   */
  readonly onDiagnostic?: (diagnostic: Diagnostic) => void;
}
