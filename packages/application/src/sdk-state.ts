import type { SignalType, TelemetryConfig } from '@telemetryflow/domain';

/** Whether the SDK is running, since when, and which signals it records. */
export class SdkState {
  readonly config: TelemetryConfig;
  /** The SDK is disabled (`OTEL_SDK_DISABLED`): it never starts, records and exports nothing. */
  readonly disabled: boolean;
  #startedAt: number | undefined;
  #hasRun = false;
  #generation = 0;
  #enabled: Readonly<Record<SignalType, boolean>> = { metrics: false, logs: false, traces: false };

  constructor(config: TelemetryConfig, disabled = false) {
    this.config = config;
    this.disabled = disabled;
  }

  get initialized(): boolean {
    return this.#startedAt !== undefined;
  }

  /** Initialized at least once (so not running means shut down, not "not yet started"). */
  get hasRun(): boolean {
    return this.#hasRun;
  }

  /** Epoch milliseconds of the last initialize, `undefined` when not running. */
  get startedAt(): number | undefined {
    return this.#startedAt;
  }

  /**
   * How many times the SDK was initialized: what was bound to the engine of one run (the metric
   * handlers' instruments) is let go when it changes.
   */
  get generation(): number {
    return this.#generation;
  }

  /** True when running and `signal` is enabled: the hot-path gate of every recording. */
  isEnabled(signal: SignalType): boolean {
    return this.#enabled[signal];
  }

  markInitialized(at: number): void {
    this.#startedAt = at;
    this.#hasRun = true;
    this.#generation++;
    this.#enabled = {
      metrics: this.config.enableMetrics,
      logs: this.config.enableLogs,
      traces: this.config.enableTraces,
    };
  }

  markStopped(): void {
    this.#startedAt = undefined;
    this.#enabled = { metrics: false, logs: false, traces: false };
  }
}
