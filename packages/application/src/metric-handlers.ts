import type {
  RecordCounterCommand,
  RecordGaugeCommand,
  RecordHistogramCommand,
  RecordMetricCommand,
} from './metric-commands.js';
import type { Attributes } from '@telemetryflow/domain';
import type { MetricInstrument, MetricInstrumentKind, MetricsPort } from './ports.js';
import type { AttributeLimits } from './recording-rules.js';
import {
  NO_ATTRIBUTE_LIMITS,
  cleanUnit,
  isCleanAttributes,
  isMetricValue,
  metricValueProblem,
  isValidInstrumentName,
  normalizeAttributes,
  shownName,
} from './recording-rules.js';
import type { RecordingStats } from './recording-stats.js';
import type { SdkState } from './sdk-state.js';

type MetricCommand = RecordCounterCommand | RecordGaugeCommand | RecordHistogramCommand | RecordMetricCommand;

/** Instruments a handler holds at most; past it, it lets go of them all (an app with unbounded names). */
const MAX_HELD_INSTRUMENTS = 1_024;

/** How a handler records: the instrument kind, and what it checks. */
interface MetricShape {
  /** As named in the reasons of refused input. */
  readonly what: string;
  readonly kind: MetricInstrumentKind;
  /** Counters and histograms take values ≥ 0 only. */
  readonly nonNegative: boolean;
  /** Whether the call's unit is used (histograms, generic metrics); else the instrument has none. */
  readonly keepsUnit: boolean;
}

/** The shape of each metric handler. */
const SHAPES = {
  counter: { what: 'counter', kind: 'counter', nonNegative: true, keepsUnit: false },
  gauge: { what: 'gauge', kind: 'gauge', nonNegative: false, keepsUnit: false },
  metric: { what: 'metric', kind: 'gauge', nonNegative: false, keepsUnit: true },
  histogram: { what: 'histogram', kind: 'histogram', nonNegative: true, keepsUnit: true },
} as const satisfies Record<string, MetricShape>;

/**
 * Shared checks of the metric handlers; each subclass only gives its {@link MetricShape}. `limits`:
 * the metric attribute limits (`attributeCountLimit`, `attributeValueLengthLimit`; see `createSdk`),
 * default none. Each handler holds the instruments the port gave it, by name: after the first call
 * of a name (its name checked, its instrument created with that call's unit), a call looks its
 * instrument up once, checks the unit, the value and the attributes, records and counts.
 */
abstract class MetricHandler<C extends MetricCommand> {
  readonly #metrics: MetricsPort;
  readonly #stats: RecordingStats;
  readonly #state: SdkState;
  readonly #shape: MetricShape;
  readonly #limits: AttributeLimits;
  readonly #instruments = new Map<string, MetricInstrument>();
  /** The run (`SdkState.generation`) the held instruments belong to. */
  #generation = -1;

  constructor(
    metrics: MetricsPort,
    state: SdkState,
    stats: RecordingStats,
    shape: MetricShape,
    limits: AttributeLimits,
  ) {
    this.#metrics = metrics;
    this.#stats = stats;
    this.#state = state;
    this.#shape = shape;
    this.#limits = limits;
  }

  /** `true` when recorded; `false` when metrics are off or the input was dropped as invalid. */
  handle(command: C): boolean {
    return this.recordValue(
      command.name,
      command.value,
      'unit' in command ? command.unit : '',
      command.attributes,
    );
  }

  /**
   * What {@link handle} does, with the command's fields as arguments: the client's recording calls
   * come here without a command object (issue #22: the object and its fields cost more than the
   * checks on a metric call). `unit` is read by histograms and generic metrics: the first call of
   * a name creates its instrument with it (`''`, or a unit OTLP does not accept, for none: see `cleanUnit`);
   * a later call with another unit, where both are units, is refused as invalid.
   */
  recordValue(name: string, value: number, unit: string, attributes: Attributes | undefined): boolean {
    if (!this.#state.isEnabled('metrics')) return false;
    // The common call, kept small so that V8 inlines its checks: a name already held (so valid, and
    // of this kind), no unit or its own, a valid value, attributes already clean.
    const instrument = this.#held(name);
    if (
      instrument !== undefined &&
      (unit === '' || unit === instrument.unit || !this.#shape.keepsUnit) &&
      isMetricValue(value, this.#shape.nonNegative) &&
      (attributes === undefined || isCleanAttributes(attributes, this.#limits))
    ) {
      instrument.record(value, attributes);
      return this.#stats.accept('metrics');
    }
    return this.#recordChecked(name, value, unit, attributes, instrument);
  }

  /** Every other call: each check in turn, refusing or cleaning as needed. */
  #recordChecked(
    name: string,
    value: number,
    unit: string,
    attributes: Attributes | undefined,
    held: MetricInstrument | undefined,
  ): boolean {
    const { what, nonNegative, keepsUnit } = this.#shape;
    if (held === undefined && !isValidInstrumentName(name)) {
      return this.#stats.reject('metrics', `${what}: invalid instrument name ${shownName(name)}`);
    }
    const problem = metricValueProblem(value, nonNegative);
    if (problem !== undefined) return this.#stats.reject('metrics', `${what} '${name}': ${problem}`);
    const instrument = held ?? this.#bind(name, unit);
    // Attributes dropped by the rules are counted whenever the name and the value are valid, as for
    // the other signals, also when the name turns out to be another kind's.
    const clean = normalizeAttributes(attributes, this.#stats, this.#limits);
    if (instrument === undefined) {
      return this.#stats.reject(
        'metrics',
        `${what} '${name}': the name is already used by another kind of instrument`,
      );
    }
    const given = keepsUnit ? cleanUnit(unit) : '';
    if (given !== '' && instrument.unit !== '' && given !== instrument.unit) {
      // Recorded, it would land in a series of another unit (seconds counted as milliseconds).
      return this.#stats.reject(
        'metrics',
        `${what} '${name}': unit '${given}' differs from '${instrument.unit}', the unit of the name's first use`,
      );
    }
    instrument.record(value, clean);
    return this.#stats.accept('metrics');
  }

  /** The instrument held for `name` in this run; those of an earlier run are let go. */
  #held(name: string): MetricInstrument | undefined {
    const generation = this.#state.generation;
    if (this.#generation !== generation) {
      this.#instruments.clear();
      this.#generation = generation;
    }
    return this.#instruments.get(name);
  }

  /** Asks the port for the instrument of a valid `name`, and holds it; `undefined` when the name is another kind's. */
  #bind(name: string, unit: string): MetricInstrument | undefined {
    const { kind, keepsUnit } = this.#shape;
    const instrument = this.#metrics.instrument(kind, name, keepsUnit ? cleanUnit(unit) : '');
    if (instrument !== undefined) {
      if (this.#instruments.size >= MAX_HELD_INSTRUMENTS) this.#instruments.clear();
      this.#instruments.set(name, instrument);
    }
    return instrument;
  }
}

export class RecordCounterHandler extends MetricHandler<RecordCounterCommand> {
  constructor(metrics: MetricsPort, state: SdkState, stats: RecordingStats, limits = NO_ATTRIBUTE_LIMITS) {
    super(metrics, state, stats, SHAPES.counter, limits);
  }
}

export class RecordGaugeHandler extends MetricHandler<RecordGaugeCommand> {
  constructor(metrics: MetricsPort, state: SdkState, stats: RecordingStats, limits = NO_ATTRIBUTE_LIMITS) {
    super(metrics, state, stats, SHAPES.gauge, limits);
  }
}

/** The TelemetryFlow Python SDK's generic metric: a gauge, with its unit kept. */
export class RecordMetricHandler extends MetricHandler<RecordMetricCommand> {
  constructor(metrics: MetricsPort, state: SdkState, stats: RecordingStats, limits = NO_ATTRIBUTE_LIMITS) {
    super(metrics, state, stats, SHAPES.metric, limits);
  }
}

export class RecordHistogramHandler extends MetricHandler<RecordHistogramCommand> {
  constructor(metrics: MetricsPort, state: SdkState, stats: RecordingStats, limits = NO_ATTRIBUTE_LIMITS) {
    super(metrics, state, stats, SHAPES.histogram, limits);
  }
}
