import { DiagConsoleLogger, DiagLogLevel, diag, metrics, propagation, trace } from '@opentelemetry/api';
import type { MeterProvider, TracerProvider } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import type { LoggerProvider } from '@opentelemetry/api-logs';
import { CONFIG_DEFAULTS } from '@telemetryflow/domain';
import type { DiagnosticLogLevel, PropagatorName } from '@telemetryflow/domain';
import { createPropagator } from './w3c-trace-context-propagator.js';

export interface Providers {
  readonly tracerProvider: TracerProvider | undefined;
  readonly meterProvider: MeterProvider | undefined;
  readonly loggerProvider: LoggerProvider | undefined;
}

/** What else becomes global with the providers. */
export interface GlobalSettings {
  /** `config.propagators`: none leaves the global propagator alone (OpenTelemetry's no-op). */
  readonly propagators: readonly PropagatorName[];
  /** `config.logLevel`: `debug`, `verbose` and `all` set OpenTelemetry's `diag` console logger. */
  readonly logLevel: DiagnosticLogLevel;
}

/** The `diag` levels `config.logLevel` turns on; the lower ones are the client's own printing. */
const DIAG_LEVELS: Partial<Record<DiagnosticLogLevel, DiagLogLevel>> = {
  debug: DiagLogLevel.DEBUG,
  verbose: DiagLogLevel.VERBOSE,
  all: DiagLogLevel.ALL,
};

/**
 * Registers the providers as the OpenTelemetry globals (and the propagators of
 * `config.propagators`, W3C trace context with our `tracestate` rules and W3C baggage by default),
 * so instrumentations export through this client; at `debug` and above also OpenTelemetry's
 * `diag` console logger, which is process-global too. Returns the undo.
 */
export const registerGlobally = (
  providers: Providers,
  settings: GlobalSettings = CONFIG_DEFAULTS,
): (() => void) => {
  const undo: (() => void)[] = [];
  if (providers.tracerProvider !== undefined && trace.setGlobalTracerProvider(providers.tracerProvider)) {
    undo.push(() => trace.disable());
  }
  if (providers.meterProvider !== undefined && metrics.setGlobalMeterProvider(providers.meterProvider)) {
    undo.push(() => metrics.disable());
  }
  if (providers.loggerProvider !== undefined) {
    logs.setGlobalLoggerProvider(providers.loggerProvider);
    undo.push(() => logs.disable());
  }
  if (
    settings.propagators.length > 0 &&
    propagation.setGlobalPropagator(createPropagator(settings.propagators))
  ) {
    undo.push(() => propagation.disable());
  }
  const diagLevel = DIAG_LEVELS[settings.logLevel];
  if (diagLevel !== undefined && diag.setLogger(new DiagConsoleLogger(), { logLevel: diagLevel })) {
    undo.push(() => diag.disable());
  }
  return () => {
    for (const u of undo) u();
  };
};
