import { context } from '@opentelemetry/api';
import type { Counter, Gauge, Histogram, Meter, Observable, ObservableCallback } from '@opentelemetry/api';
import type {
  CleanAttributes,
  MetricsPort,
  ObservableKind,
  ObservableRegistration,
} from '@telemetryflow/application';
import type { ExemplarStore } from './exemplars.js';
import { toOtel } from './otel-attributes.js';

type Instrument =
  | { readonly kind: 'counter'; readonly instrument: Counter }
  | { readonly kind: 'gauge'; readonly instrument: Gauge }
  | { readonly kind: 'histogram'; readonly instrument: Histogram }
  | { readonly kind: `observable:${ObservableKind}`; readonly instrument: Observable };

/** OpenTelemetry's recommended buckets for durations in seconds (e.g. `http.server.request.duration`). */
export const SECONDS_BUCKETS: readonly number[] = [
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
];

/**
 * `MetricsPort` on an OpenTelemetry meter. Instruments are created on first use of a name (the
 * unit of that first use sticks); a name belongs to one kind of instrument. Attributes arrive
 * within the metric attribute limits (the application applies them: see `createSdk`).
 */
export class MetricsAdapter implements MetricsPort {
  readonly #meter: Meter;
  readonly #instruments = new Map<string, Instrument>();
  readonly #exemplars: ExemplarStore | undefined;

  /** @param exemplars where measurements are offered as exemplars; `undefined` when exemplars are off */
  constructor(meter: Meter, exemplars?: ExemplarStore) {
    this.#meter = meter;
    this.#exemplars = exemplars;
  }

  addToCounter(name: string, value: number, attributes: CleanAttributes | undefined): boolean {
    const entry = this.#instruments.get(name) ?? this.#create(name, 'counter', '');
    if (entry.kind !== 'counter') return false;
    // The active context read once, for the instrument and the exemplar (OpenTelemetry would read it again).
    const active = context.active();
    const otel = toOtel(attributes);
    entry.instrument.add(value, otel, active);
    this.#exemplars?.offer(name, value, otel, active);
    return true;
  }

  recordGauge(name: string, value: number, unit: string, attributes: CleanAttributes | undefined): boolean {
    const entry = this.#instruments.get(name) ?? this.#create(name, 'gauge', unit);
    if (entry.kind !== 'gauge') return false;
    const active = context.active();
    const otel = toOtel(attributes);
    entry.instrument.record(value, otel, active);
    this.#exemplars?.offer(name, value, otel, active);
    return true;
  }

  recordHistogram(
    name: string,
    value: number,
    unit: string,
    attributes: CleanAttributes | undefined,
  ): boolean {
    const entry = this.#instruments.get(name) ?? this.#create(name, 'histogram', unit);
    if (entry.kind !== 'histogram') return false;
    const active = context.active();
    const otel = toOtel(attributes);
    entry.instrument.record(value, otel, active);
    this.#exemplars?.offer(name, value, otel, active);
    return true;
  }

  /** Adds the registration's callback to its observable instrument; `undefined` when the name is another kind's. */
  observe(registration: ObservableRegistration): (() => void) | undefined {
    const { name, unit, description } = registration;
    const kind = `observable:${registration.kind}` as const;
    let entry = this.#instruments.get(name);
    if (entry === undefined) {
      const options = { ...(unit === '' ? {} : { unit }), ...(description === '' ? {} : { description }) };
      const instrument =
        registration.kind === 'gauge'
          ? this.#meter.createObservableGauge(name, options)
          : registration.kind === 'counter'
            ? this.#meter.createObservableCounter(name, options)
            : this.#meter.createObservableUpDownCounter(name, options);
      entry = { kind, instrument };
      this.#instruments.set(name, entry);
    }
    if (entry.kind !== kind) return undefined;
    const { instrument } = entry;
    const callback: ObservableCallback = (result) =>
      registration.collect((value, attributes) => result.observe(value, toOtel(attributes)));
    instrument.addCallback(callback);
    return () => instrument.removeCallback(callback);
  }

  #create(name: string, kind: 'counter' | 'gauge' | 'histogram', unit: string): Instrument {
    const options = unit === '' ? {} : { unit };
    let entry: Instrument;
    if (kind === 'counter') entry = { kind, instrument: this.#meter.createCounter(name) };
    else if (kind === 'gauge') entry = { kind, instrument: this.#meter.createGauge(name, options) };
    else {
      const advice = unit === 's' ? { advice: { explicitBucketBoundaries: [...SECONDS_BUCKETS] } } : {};
      entry = { kind, instrument: this.#meter.createHistogram(name, { ...options, ...advice }) };
    }
    this.#instruments.set(name, entry);
    this.#exemplars?.register(name, kind, unit);
    return entry;
  }
}
