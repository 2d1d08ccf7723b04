import type { SignalExportStats } from '@telemetryflow/application';
import type { SignalType } from '@telemetryflow/domain';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const idle = (): Mutable<SignalExportStats> => ({
  exported: 0,
  failed: 0,
  dropped: 0,
  rejected: 0,
  retries: 0,
  queued: 0,
  notSampled: 0,
  lastOutcome: 'none',
  lastError: undefined,
});

/** Export accounting per signal, in items; cumulative over the client's life (re-initializes too). */
export class ExportStats {
  readonly #signals: Record<SignalType, Mutable<SignalExportStats>> = {
    metrics: idle(),
    logs: idle(),
    traces: idle(),
  };

  of(signal: SignalType): Mutable<SignalExportStats> {
    return this.#signals[signal];
  }

  snapshot(signal: SignalType): SignalExportStats {
    return { ...this.#signals[signal] };
  }
}
