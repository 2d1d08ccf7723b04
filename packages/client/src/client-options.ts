import type { TelemetryReadPort } from '@telemetryflow/application';
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
   * Register this client's providers (and the propagators of `config.propagators`) as the
   * OpenTelemetry globals, so OpenTelemetry instrumentations export through it; with
   * `config.logLevel` `debug`, `verbose` or `all`, also OpenTelemetry's `diag` console logger at
   * that level (it is process-global, so only then). Off by default: clients keep to themselves.
   */
  readonly registerGlobal?: boolean;
  /**
   * Receives diagnostics (export failures, compression fallback, …), each code reported once until
   * it clears, whatever `config.logLevel` says. Default: `process.emitWarning`, each code at most
   * once a minute, nothing at `config.logLevel` `none` or `error`.
   */
  readonly onDiagnostic?: (diagnostic: Diagnostic) => void;
  /**
   * A disabled client (`OTEL_SDK_DISABLED=true`, through the builder) is a no-op that never throws,
   * before `initialize()` too: `initialize()` starts nothing (no transport, timers, exit hook or
   * connection), recording and context calls do nothing, `span()` / `withActiveSpan()` /
   * `withBaggage()` / `withTraceContext()` just run their callback, `flush()` / `shutdown()`
   * resolve, and `getStatus().disabled` is `true`. No transport package is needed. Default `false`.
   */
  readonly disabled?: boolean;
  /**
   * The read side: a store of exported telemetry that answers `getTrace()`, `searchTraces()`,
   * `getMetric()`, `aggregateMetrics()` and `getLogs()`. Without it those methods reject.
   * `createTestClient()` from @telemetryflow/testing gives a client with one (an in-memory store of
   * what the client exported, for tests).
   */
  readonly read?: TelemetryReadPort;
}
