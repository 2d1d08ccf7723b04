import { trace } from '@opentelemetry/api';
import type { Context, TextMapGetter, TextMapPropagator, TextMapSetter } from '@opentelemetry/api';
import {
  CompositePropagator,
  W3CBaggagePropagator,
  W3CTraceContextPropagator as OtelTraceContextPropagator,
} from '@opentelemetry/core';
import type { PropagatorName } from '@telemetryflow/domain';
import { parseTraceState } from './w3c-trace-state.js';

const TRACE_STATE = 'tracestate';

/**
 * OpenTelemetry's W3C trace-context propagator with `tracestate` handled by the Trace Context rules
 * ({@link parseTraceState}): OpenTelemetry's own `TraceState` drops invalid members one by one,
 * keeps a duplicated key, the first 32 of a longer list, and skips whichever members overflow 512
 * characters. `traceparent` parsing and formatting stay OpenTelemetry's.
 */
export class W3CTraceContextPropagator implements TextMapPropagator {
  readonly #otel = new OtelTraceContextPropagator();

  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    this.#otel.inject(context, carrier, {
      set(target, key, value) {
        if (key !== TRACE_STATE) return setter.set(target, key, value);
        // A state made elsewhere (a sampler, `createTraceState`) is held to the same rules.
        const state = parseTraceState(value)?.serialize() ?? '';
        if (state !== '') setter.set(target, key, state); // "SHOULD avoid sending" an empty one
      },
    });
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    const extracted = this.#otel.extract(context, carrier, getter);
    const spanContext = trace.getSpanContext(extracted);
    // No valid traceparent: "it MUST NOT attempt to parse tracestate".
    if (extracted === context || spanContext === undefined) return extracted;
    const header = getter.get(carrier, TRACE_STATE);
    // "Multiple tracestate header fields ... MUST be combined into a single header."
    const combined = Array.isArray(header) ? header.join(',') : header;
    const traceState = combined === undefined ? undefined : parseTraceState(combined);
    const { traceId, spanId, traceFlags, isRemote } = spanContext;
    return trace.setSpanContext(context, {
      traceId,
      spanId,
      traceFlags,
      ...(isRemote === undefined ? {} : { isRemote }),
      ...(traceState === undefined || traceState.serialize() === '' ? {} : { traceState }),
    });
  }

  fields(): string[] {
    return this.#otel.fields();
  }
}

/**
 * What the client propagates (`config.propagators`), through its own propagation and as the global
 * propagator (`registerGlobal`): `tracecontext` is W3C trace context with our `tracestate` rules,
 * `baggage` W3C baggage (OpenTelemetry's). With none, nothing is extracted or injected.
 */
export const createPropagator = (names: readonly PropagatorName[]): TextMapPropagator =>
  new CompositePropagator({
    propagators: names.map((name) =>
      name === 'baggage' ? new W3CBaggagePropagator() : new W3CTraceContextPropagator(),
    ),
  });
