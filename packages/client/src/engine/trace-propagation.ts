import { context } from '@opentelemetry/api';
import type { TextMapGetter, TextMapSetter } from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import type { TraceCarrier } from '@telemetryflow/application';
import { createW3CPropagator } from './w3c-trace-context-propagator.js';

const getter: TextMapGetter<TraceCarrier> = {
  keys: (carrier) => Object.keys(carrier),
  // Node lower-cases incoming header names; repeated headers arrive as arrays: the first one wins,
  // except `tracestate`, whose fields are combined.
  get: (carrier, key) => {
    const name = key.toLowerCase();
    const value = carrier[name];
    if (typeof value === 'string' || value === undefined) return value;
    return name === 'tracestate' ? [...value] : value[0];
  },
};

const setter: TextMapSetter<Record<string, string>> = {
  set: (carrier, key, value) => {
    carrier[key] = value;
  },
};

/**
 * W3C trace context (with our `tracestate` rules) + baggage, owned by the client (the global
 * propagator is left alone).
 */
export class TracePropagation {
  readonly #propagator = createW3CPropagator();

  withExtractedContext<T>(carrier: TraceCarrier, fn: () => T): T {
    return context.with(this.#propagator.extract(context.active(), carrier, getter), fn);
  }

  injectContext(carrier: Record<string, string>): void {
    this.#propagator.inject(context.active(), carrier, setter);
  }

  /** OpenTelemetry's `suppressTracing` is on in the active context (as it is while we export). */
  isSuppressed(): boolean {
    return isTracingSuppressed(context.active());
  }
}
