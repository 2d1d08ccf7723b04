import { metrics, propagation, trace } from '@opentelemetry/api';
import type { MeterProvider, TracerProvider } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import type { LoggerProvider } from '@opentelemetry/api-logs';
import { createW3CPropagator } from './w3c-trace-context-propagator.js';

export interface Providers {
  readonly tracerProvider: TracerProvider | undefined;
  readonly meterProvider: MeterProvider | undefined;
  readonly loggerProvider: LoggerProvider | undefined;
}

/**
 * Registers the providers as the OpenTelemetry globals (and the W3C trace-context + baggage
 * propagator, with our `tracestate` rules), so instrumentations export through this client.
 * Returns the undo.
 */
export const registerGlobally = (providers: Providers): (() => void) => {
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
  if (propagation.setGlobalPropagator(createW3CPropagator())) undo.push(() => propagation.disable());
  return () => {
    for (const u of undo) u();
  };
};
