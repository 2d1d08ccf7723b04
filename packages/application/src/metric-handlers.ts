import type {
  RecordCounterCommand,
  RecordGaugeCommand,
  RecordHistogramCommand,
  RecordMetricCommand,
} from './metric-commands.js';
import type { Attributes } from '@telemetryflow/domain';
import type { CleanAttributes, MetricsPort } from './ports.js';
import type { AttributeLimits } from './recording-rules.js';
import {
  NO_ATTRIBUTE_LIMITS,
  cleanUnit,
  metricValueProblem,
  isValidInstrumentName,
  normalizeAttributes,
  shownName,
} from './recording-rules.js';
import type { RecordingStats } from './recording-stats.js';
import type { SdkState } from './sdk-state.js';

type MetricCommand = RecordCounterCommand | RecordGaugeCommand | RecordHistogramCommand | RecordMetricCommand;

/**
 * Shared checks of the metric handlers; each subclass only says how to record. `limits`: the metric
 * attribute limits (`attributeCountLimit`, `attributeValueLengthLimit`; see `createSdk`), default none.
 */
abstract class MetricHandler<C extends MetricCommand> {
  protected readonly metrics: MetricsPort;
  protected readonly stats: RecordingStats;
  readonly #state: SdkState;
  readonly #what: string;
  readonly #nonNegative: boolean;
  readonly #limits: AttributeLimits;

  constructor(
    metrics: MetricsPort,
    state: SdkState,
    stats: RecordingStats,
    what: string,
    nonNegative: boolean,
    limits: AttributeLimits,
  ) {
    this.metrics = metrics;
    this.stats = stats;
    this.#state = state;
    this.#what = what;
    this.#nonNegative = nonNegative;
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
   * checks on a metric call). `unit` is read by histograms and generic metrics only.
   */
  recordValue(name: string, value: number, unit: string, attributes: Attributes | undefined): boolean {
    if (!this.#state.isEnabled('metrics')) return false;
    if (!isValidInstrumentName(name)) {
      return this.stats.reject('metrics', `${this.#what}: invalid instrument name ${shownName(name)}`);
    }
    const problem = metricValueProblem(value, this.#nonNegative);
    if (problem !== undefined) {
      return this.stats.reject('metrics', `${this.#what} '${name}': ${problem}`);
    }
    if (this.record(name, value, unit, normalizeAttributes(attributes, this.stats, this.#limits))) {
      return this.stats.accept('metrics');
    }
    return this.stats.reject(
      'metrics',
      `${this.#what} '${name}': the name is already used by another kind of instrument`,
    );
  }

  /** `false` when the port refused (name taken by another instrument kind). */
  protected abstract record(
    name: string,
    value: number,
    unit: string,
    attributes: CleanAttributes | undefined,
  ): boolean;
}

export class RecordCounterHandler extends MetricHandler<RecordCounterCommand> {
  constructor(metrics: MetricsPort, state: SdkState, stats: RecordingStats, limits = NO_ATTRIBUTE_LIMITS) {
    super(metrics, state, stats, 'counter', true, limits);
  }

  protected record(
    name: string,
    value: number,
    _unit: string,
    attributes: CleanAttributes | undefined,
  ): boolean {
    return this.metrics.addToCounter(name, value, attributes);
  }
}

export class RecordGaugeHandler extends MetricHandler<RecordGaugeCommand> {
  constructor(metrics: MetricsPort, state: SdkState, stats: RecordingStats, limits = NO_ATTRIBUTE_LIMITS) {
    super(metrics, state, stats, 'gauge', false, limits);
  }

  protected record(
    name: string,
    value: number,
    _unit: string,
    attributes: CleanAttributes | undefined,
  ): boolean {
    return this.metrics.recordGauge(name, value, '', attributes);
  }
}

/** The TelemetryFlow Python SDK's generic metric: a gauge, with its unit kept. */
export class RecordMetricHandler extends MetricHandler<RecordMetricCommand> {
  constructor(metrics: MetricsPort, state: SdkState, stats: RecordingStats, limits = NO_ATTRIBUTE_LIMITS) {
    super(metrics, state, stats, 'metric', false, limits);
  }

  protected record(
    name: string,
    value: number,
    unit: string,
    attributes: CleanAttributes | undefined,
  ): boolean {
    return this.metrics.recordGauge(name, value, cleanUnit(unit), attributes);
  }
}

export class RecordHistogramHandler extends MetricHandler<RecordHistogramCommand> {
  constructor(metrics: MetricsPort, state: SdkState, stats: RecordingStats, limits = NO_ATTRIBUTE_LIMITS) {
    super(metrics, state, stats, 'histogram', true, limits);
  }

  protected record(
    name: string,
    value: number,
    unit: string,
    attributes: CleanAttributes | undefined,
  ): boolean {
    return this.metrics.recordHistogram(name, value, cleanUnit(unit), attributes);
  }
}
