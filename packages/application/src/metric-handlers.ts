import type {
  RecordCounterCommand,
  RecordGaugeCommand,
  RecordHistogramCommand,
  RecordMetricCommand,
} from './metric-commands.js';
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
    if (!this.#state.isEnabled('metrics')) return false;
    if (!isValidInstrumentName(command.name)) {
      return this.stats.reject(
        'metrics',
        `${this.#what}: invalid instrument name ${shownName(command.name)}`,
      );
    }
    const problem = metricValueProblem(command.value, this.#nonNegative);
    if (problem !== undefined) {
      return this.stats.reject('metrics', `${this.#what} '${command.name}': ${problem}`);
    }
    if (this.record(command, normalizeAttributes(command.attributes, this.stats, this.#limits))) {
      return this.stats.accept('metrics');
    }
    return this.stats.reject(
      'metrics',
      `${this.#what} '${command.name}': the name is already used by another kind of instrument`,
    );
  }

  /** `false` when the port refused (name taken by another instrument kind). */
  protected abstract record(command: C, attributes: CleanAttributes | undefined): boolean;
}

export class RecordCounterHandler extends MetricHandler<RecordCounterCommand> {
  constructor(metrics: MetricsPort, state: SdkState, stats: RecordingStats, limits = NO_ATTRIBUTE_LIMITS) {
    super(metrics, state, stats, 'counter', true, limits);
  }

  protected record(c: RecordCounterCommand, attributes: CleanAttributes | undefined): boolean {
    return this.metrics.addToCounter(c.name, c.value, attributes);
  }
}

export class RecordGaugeHandler extends MetricHandler<RecordGaugeCommand> {
  constructor(metrics: MetricsPort, state: SdkState, stats: RecordingStats, limits = NO_ATTRIBUTE_LIMITS) {
    super(metrics, state, stats, 'gauge', false, limits);
  }

  protected record(c: RecordGaugeCommand, attributes: CleanAttributes | undefined): boolean {
    return this.metrics.recordGauge(c.name, c.value, '', attributes);
  }
}

/** The TelemetryFlow Python SDK's generic metric: a gauge, with its unit kept. */
export class RecordMetricHandler extends MetricHandler<RecordMetricCommand> {
  constructor(metrics: MetricsPort, state: SdkState, stats: RecordingStats, limits = NO_ATTRIBUTE_LIMITS) {
    super(metrics, state, stats, 'metric', false, limits);
  }

  protected record(c: RecordMetricCommand, attributes: CleanAttributes | undefined): boolean {
    return this.metrics.recordGauge(c.name, c.value, cleanUnit(c.unit), attributes);
  }
}

export class RecordHistogramHandler extends MetricHandler<RecordHistogramCommand> {
  constructor(metrics: MetricsPort, state: SdkState, stats: RecordingStats, limits = NO_ATTRIBUTE_LIMITS) {
    super(metrics, state, stats, 'histogram', true, limits);
  }

  protected record(c: RecordHistogramCommand, attributes: CleanAttributes | undefined): boolean {
    return this.metrics.recordHistogram(c.name, c.value, cleanUnit(c.unit), attributes);
  }
}
