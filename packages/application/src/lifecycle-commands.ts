import type { TelemetryConfig } from '@telemetryflow/domain';
import { now } from './clock.js';

/** Start the engine with `config`. A second initialize while running does nothing. */
export class InitializeSDKCommand {
  readonly type = 'InitializeSDK';
  readonly timestamp = now();
  readonly config: TelemetryConfig;

  constructor(config: TelemetryConfig) {
    this.config = config;
  }
}

/** Flush, then stop, within `timeoutMs`. */
export class ShutdownSDKCommand {
  readonly type = 'ShutdownSDK';
  readonly timestamp = now();
  readonly timeoutMs: number;

  constructor(timeoutMs = 30_000) {
    this.timeoutMs = timeoutMs;
  }
}

/** Export everything pending, within `timeoutMs`. */
export class FlushTelemetryCommand {
  readonly type = 'FlushTelemetry';
  readonly timestamp = now();
  readonly timeoutMs: number;

  constructor(timeoutMs = 30_000) {
    this.timeoutMs = timeoutMs;
  }
}
