import type { Counter, Gauge, Histogram, Meter, Observable, ObservableCallback } from '@opentelemetry/api';
import type {
  CleanAttributes,
  MetricInstrument,
  MetricInstrumentKind,
  MetricsPort,
  ObservableKind,
  ObservableRegistration,
} from '@telemetryflow/application';
import { activeContext } from './context-manager.js';
import type { ExemplarStore } from './exemplars.js';
import { toOtel } from './otel-attributes.js';

type Instrument =
  | { readonly kind: MetricInstrumentKind; readonly recorder: MetricInstrument }
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

  instrument(kind: MetricInstrumentKind, name: string, unit: string): MetricInstrument | undefined {
    const entry = this.#instruments.get(name) ?? this.#create(name, kind, unit);
    return 'recorder' in entry && entry.kind === kind ? entry.recorder : undefined;
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

  #create(name: string, kind: MetricInstrumentKind, unit: string): Instrument {
    const options = unit === '' ? {} : { unit };
    let instrument: Counter | Gauge | Histogram;
    if (kind === 'counter') instrument = this.#meter.createCounter(name);
    else if (kind === 'gauge') instrument = this.#meter.createGauge(name, options);
    else {
      const advice = unit === 's' ? { advice: { explicitBucketBoundaries: [...SECONDS_BUCKETS] } } : {};
      instrument = this.#meter.createHistogram(name, { ...options, ...advice });
    }
    const entry: Instrument = { kind, recorder: this.#recorderOf(name, kind, unit, instrument) };
    this.#instruments.set(name, entry);
    this.#exemplars?.register(name, kind, unit);
    return entry;
  }

  #recorderOf(
    name: string,
    kind: MetricInstrumentKind,
    unit: string,
    instrument: Counter | Gauge | Histogram,
  ): MetricInstrument {
    return kind === 'counter'
      ? new Recorder(name, unit, instrument as Counter, undefined, this.#exemplars)
      : new Recorder(name, unit, undefined, instrument as Gauge | Histogram, this.#exemplars);
  }
}

/**
 * Records into one OpenTelemetry instrument. With exemplars on, the active context is read once,
 * for the exemplar filter, and passed on with the measurement (OpenTelemetry JS 2.x reads it only
 * for a view's attributes processor, which the client sets none of); with them off it is not read
 * at all, and that read is most of what exemplars cost a call outside any span (see `pnpm bench`).
 * A class rather than closures: V8 can weigh its method for inlining into the handler's call,
 * which it could not for closures made in a factory that rarely runs.
 */
class Recorder implements MetricInstrument {
  readonly unit: string;
  readonly #name: string;
  readonly #counter: Counter | undefined;
  readonly #recording: Gauge | Histogram | undefined;
  readonly #exemplars: ExemplarStore | undefined;

  /** Exactly one of `counter` and `recording` is given. */
  constructor(
    name: string,
    unit: string,
    counter: Counter | undefined,
    recording: Gauge | Histogram | undefined,
    exemplars: ExemplarStore | undefined,
  ) {
    this.unit = unit;
    this.#name = name;
    this.#counter = counter;
    this.#recording = recording;
    this.#exemplars = exemplars;
  }

  record(value: number, attributes: CleanAttributes | undefined): void {
    const exemplars = this.#exemplars;
    const active = exemplars === undefined ? undefined : activeContext();
    const otel = toOtel(attributes);
    if (this.#counter !== undefined) this.#counter.add(value, otel, active);
    else this.#recording?.record(value, otel, active);
    if (active !== undefined) exemplars?.offer(this.#name, value, otel, active);
  }
}
