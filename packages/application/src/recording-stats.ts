import type { SignalType } from '@telemetryflow/domain';

interface Counts {
  recorded: number;
  invalid: number;
  /** Recordings made while the SDK was shut down: counted as recorded and dropped. */
  droppedStopped: number;
}

/**
 * What the recording calls did: accepted recordings per signal (the TelemetryFlow Python SDK's
 * `metricsSent` / `logsSent` / `spansSent`) and inputs dropped as invalid.
 */
export class RecordingStats {
  readonly #counts: Record<SignalType, Counts> = {
    metrics: { recorded: 0, invalid: 0, droppedStopped: 0 },
    logs: { recorded: 0, invalid: 0, droppedStopped: 0 },
    traces: { recorded: 0, invalid: 0, droppedStopped: 0 },
  };
  #droppedAttributes = 0;
  #lastInvalidReason: string | undefined;
  readonly #onInvalid: ((signal: SignalType, reason: string) => void) | undefined;

  /** @param onInvalid told of each input dropped as invalid (e.g. to report it); must not throw */
  constructor(onInvalid?: (signal: SignalType, reason: string) => void) {
    this.#onInvalid = onInvalid;
  }

  /** Counts an accepted recording; returns `true` for the handler to pass on. */
  accept(signal: SignalType): true {
    this.#counts[signal].recorded++;
    return true;
  }

  /** Counts an input dropped as invalid; returns `false` for the handler to pass on. */
  reject(signal: SignalType, reason: string): false {
    this.#counts[signal].invalid++;
    this.#lastInvalidReason = reason;
    this.#onInvalid?.(signal, reason);
    return false;
  }

  /**
   * Counts `items` recordings made after shutdown: recorded and dropped at once, so that every
   * recorded item is still accounted for exactly once.
   */
  dropStopped(signal: SignalType, items = 1): void {
    this.#counts[signal].recorded += items;
    this.#counts[signal].droppedStopped += items;
  }

  /** Counts one attribute dropped from an otherwise valid recording. */
  dropAttribute(reason: string): void {
    this.#droppedAttributes++;
    this.#lastInvalidReason = reason;
  }

  recorded(signal: SignalType): number {
    return this.#counts[signal].recorded;
  }

  invalid(signal: SignalType): number {
    return this.#counts[signal].invalid;
  }

  droppedStopped(signal: SignalType): number {
    return this.#counts[signal].droppedStopped;
  }

  get droppedAttributes(): number {
    return this.#droppedAttributes;
  }

  get lastInvalidReason(): string | undefined {
    return this.#lastInvalidReason;
  }
}
