import type { SignalExportStats } from '@telemetryflow/application';
import type { SignalType } from '@telemetryflow/domain';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
/** The counts kept here; `queuedBytes` is read off the pipeline at each snapshot. */
type Counts = Mutable<Omit<SignalExportStats, 'queuedBytes'>>;

const idle = (): Counts => ({
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
  readonly #signals: Record<SignalType, Counts> = {
    metrics: idle(),
    logs: idle(),
    traces: idle(),
  };

  of(signal: SignalType): Counts {
    return this.#signals[signal];
  }

  /** The counts of `signal` now, with the bytes its queue holds (`queuedBytes`, 0 when not running). */
  snapshot(signal: SignalType, queuedBytes: number): SignalExportStats {
    return { ...this.#signals[signal], queuedBytes };
  }
}
