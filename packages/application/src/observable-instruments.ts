import type {
  CleanAttributes,
  MetricsPort,
  ObservableCallback,
  ObservableKind,
  ObservableOptions,
  Observer,
} from './ports.js';
import type { RecordingStats } from './recording-stats.js';
import type { AttributeLimits } from './recording-rules.js';
import {
  NO_ATTRIBUTE_LIMITS,
  cleanUnit,
  metricValueProblem,
  isValidInstrumentName,
  normalizeAttributes,
  shownName,
} from './recording-rules.js';
import type { SdkState } from './sdk-state.js';

/** Register a callback on an observable instrument. */
export class ObserveInstrumentCommand {
  readonly type = 'ObserveInstrument';
  readonly kind: ObservableKind;
  readonly name: string;
  readonly callback: ObservableCallback;
  readonly options: ObservableOptions | undefined;

  constructor(kind: ObservableKind, name: string, callback: ObservableCallback, options?: ObservableOptions) {
    this.kind = kind;
    this.name = name;
    this.callback = callback;
    this.options = options;
  }
}

const WHAT: Readonly<Record<ObservableKind, string>> = {
  gauge: 'observable gauge',
  counter: 'observable counter',
  upDownCounter: 'observable up-down counter',
};

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Checks the registration (name, callback) and wraps the callback with the recording rules:
 * each observation's value (finite; a counter's total ≥ 0) and attributes are checked as a
 * recording call's are, and counted; a callback that throws or rejects is counted as an invalid
 * input and reported, never passed on. Returns the unregister function, or `undefined` when
 * refused (metrics off, invalid input, or the name taken by another kind of instrument).
 */
export class ObserveInstrumentHandler {
  readonly #metrics: MetricsPort;
  readonly #state: SdkState;
  readonly #stats: RecordingStats;
  readonly #limits: AttributeLimits;

  /** @param limits the metric attribute limits (see `createSdk`), default none */
  constructor(metrics: MetricsPort, state: SdkState, stats: RecordingStats, limits = NO_ATTRIBUTE_LIMITS) {
    this.#metrics = metrics;
    this.#state = state;
    this.#stats = stats;
    this.#limits = limits;
  }

  handle(command: ObserveInstrumentCommand): (() => void) | undefined {
    // Registrations outlive a shutdown (they apply again on the next initialize): the config decides.
    if (this.#state.disabled || !this.#state.config.enableMetrics) return undefined;
    const what = WHAT[command.kind] ?? 'observable instrument';
    if (!isValidInstrumentName(command.name)) {
      this.#stats.reject('metrics', `${what}: invalid instrument name ${shownName(command.name)}`);
      return undefined;
    }
    if (typeof command.callback !== 'function') {
      this.#stats.reject('metrics', `${what} '${command.name}': the callback must be a function`);
      return undefined;
    }
    const unregister = this.#metrics.observe({
      kind: command.kind,
      name: command.name,
      unit: cleanUnit(command.options?.unit),
      description: typeof command.options?.description === 'string' ? command.options.description : '',
      collect: (record) => this.#collect(command, what, record),
    });
    if (unregister === undefined) {
      this.#stats.reject(
        'metrics',
        `${what} '${command.name}': the name is already used by another kind of instrument`,
      );
    }
    return unregister;
  }

  async #collect(
    command: ObserveInstrumentCommand,
    what: string,
    record: (value: number, attributes: CleanAttributes | undefined) => void,
  ): Promise<void> {
    const nonNegative = command.kind === 'counter';
    const observer: Observer = {
      observe: (value, attributes) => {
        const problem = metricValueProblem(value, nonNegative);
        if (problem !== undefined) {
          this.#stats.reject('metrics', `${what} '${command.name}': ${problem}`);
          return;
        }
        record(value, normalizeAttributes(attributes, this.#stats, this.#limits));
        this.#stats.accept('metrics');
      },
    };
    try {
      await command.callback(observer);
    } catch (error) {
      this.#stats.reject('metrics', `${what} '${command.name}': its callback threw: ${messageOf(error)}`);
    }
  }
}
