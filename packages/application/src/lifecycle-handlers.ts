import type {
  FlushTelemetryCommand,
  InitializeSDKCommand,
  ShutdownSDKCommand,
} from './lifecycle-commands.js';
import type { LifecyclePort } from './ports.js';
import type { SdkState } from './sdk-state.js';

export class InitializeSDKHandler {
  readonly #lifecycle: LifecyclePort;
  readonly #state: SdkState;

  constructor(lifecycle: LifecyclePort, state: SdkState) {
    this.#lifecycle = lifecycle;
    this.#state = state;
  }

  /** Idempotent: does nothing while already running, nor when disabled. Engine errors propagate. */
  handle(command: InitializeSDKCommand): void {
    if (this.#state.initialized || this.#state.disabled) return;
    this.#lifecycle.initialize(command.config);
    this.#state.markInitialized(command.timestamp);
  }
}

export class ShutdownSDKHandler {
  readonly #lifecycle: LifecyclePort;
  readonly #state: SdkState;

  constructor(lifecycle: LifecyclePort, state: SdkState) {
    this.#lifecycle = lifecycle;
    this.#state = state;
  }

  /** No-op when not running. Recording stops at once; pending data is flushed within the timeout. */
  async handle(command: ShutdownSDKCommand): Promise<void> {
    if (!this.#state.initialized) return;
    this.#state.markStopped();
    await this.#lifecycle.shutdown(command.timeoutMs);
  }
}

export class FlushTelemetryHandler {
  readonly #lifecycle: LifecyclePort;
  readonly #state: SdkState;

  constructor(lifecycle: LifecyclePort, state: SdkState) {
    this.#lifecycle = lifecycle;
    this.#state = state;
  }

  async handle(command: FlushTelemetryCommand): Promise<void> {
    if (!this.#state.initialized) return;
    await this.#lifecycle.flush(command.timeoutMs);
  }
}
