import { context, propagation } from '@opentelemetry/api';
import type { TextMapGetter, TextMapPropagator, TextMapSetter } from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import type { TraceCarrier } from '@telemetryflow/application';
import { CONFIG_DEFAULTS } from '@telemetryflow/domain';
import type { PropagatorName } from '@telemetryflow/domain';
import { ensureContextManager } from './context-manager.js';
import { createPropagator } from './w3c-trace-context-propagator.js';

/** Headers whose repeated fields are one list: W3C says to combine them, in order. */
const COMBINED = new Set(['tracestate', 'baggage']);

const getter: TextMapGetter<TraceCarrier> = {
  keys: (carrier) => Object.keys(carrier),
  // Node lower-cases incoming header names; repeated headers arrive as arrays: the first one wins,
  // except `tracestate` and `baggage`, whose fields are combined.
  get: (carrier, key) => {
    const name = key.toLowerCase();
    const value = carrier[name];
    if (typeof value === 'string' || value === undefined) return value;
    return COMBINED.has(name) ? [...value] : value[0];
  },
};

const setter: TextMapSetter<Record<string, string>> = {
  set: (carrier, key, value) => {
    carrier[key] = value;
  },
};

/**
 * The propagators of `config.propagators` (default W3C trace context with our `tracestate` rules,
 * and W3C baggage), owned by the client (the global propagator is left alone), and the baggage of
 * the active context.
 */
export class TracePropagation {
  readonly #propagator: TextMapPropagator;

  constructor(names: readonly PropagatorName[] = CONFIG_DEFAULTS.propagators) {
    this.#propagator = createPropagator(names);
  }

  withExtractedContext<T>(carrier: TraceCarrier, fn: () => T): T {
    // Also before initialize(): without a context manager, `fn` would not see the context.
    ensureContextManager();
    return context.with(this.#propagator.extract(context.active(), carrier, getter), fn);
  }

  injectContext(carrier: Record<string, string>): void {
    this.#propagator.inject(context.active(), carrier, setter);
  }

  /** OpenTelemetry's `suppressTracing` is on in the active context (as it is while we export). */
  isSuppressed(): boolean {
    return isTracingSuppressed(context.active());
  }

  /** The active context's baggage entries (their values; metadata is not exposed), `{}` when none. */
  getBaggage(): Readonly<Record<string, string>> {
    const entries = propagation.getActiveBaggage()?.getAllEntries() ?? [];
    // fromEntries defines own properties: a `__proto__` key from a header stays a plain entry.
    return Object.fromEntries(entries.map(([key, entry]) => [key, entry.value]));
  }

  /** Runs `fn` with the active baggage plus `entries` (validated; same keys replaced). */
  withBaggage<T>(entries: Readonly<Record<string, string>>, fn: () => T): T {
    const keys = Object.keys(entries);
    if (keys.length === 0) return fn();
    ensureContextManager();
    const active = context.active();
    let baggage = propagation.getBaggage(active) ?? propagation.createBaggage();
    for (const key of keys) baggage = baggage.setEntry(key, { value: entries[key] as string });
    return context.with(propagation.setBaggage(active, baggage), fn);
  }
}
