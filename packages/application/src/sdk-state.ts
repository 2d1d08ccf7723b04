import type { SignalType, TelemetryConfig } from '@telemetryflow/domain';

/** Whether the SDK is running, since when, and which signals it records. */
export class SdkState {
  readonly config: TelemetryConfig;
  /** The SDK is disabled (`OTEL_SDK_DISABLED`): it never starts, records and exports nothing. */
  readonly disabled: boolean;
  #startedAt: number | undefined;
  #hasRun = false;
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

  /** True when running and `signal` is enabled: the hot-path gate of every recording. */
  isEnabled(signal: SignalType): boolean {
    return this.#enabled[signal];
  }

  markInitialized(at: number): void {
    this.#startedAt = at;
    this.#hasRun = true;
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
