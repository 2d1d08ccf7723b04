import type { SignalType } from '@telemetryflow/domain';
import type { Diagnostics } from '../diagnostics.js';

/** An overflow episode ends after this long without a drop (once the queue has drained), in ms. */
const QUIET_MS = 1_000;

// Two decimals below 1 MiB (0.25, not 0.3), one above.
const mib = (bytes: number): string => {
  const value = bytes / (1024 * 1024);
  const scale = value < 1 ? 100 : 10;
  return String(Math.round(value * scale) / scale);
};

/**
 * When one signal's export queue overflows. After a body was refused for want of room, new items
 * are refused until one that size fits again (they would only be encoded to be dropped). Drops are
 * reported once per episode (`TF_EXPORT_QUEUE_FULL`); the episode ends when the queue has drained to
 * half its bound and nothing was dropped for `QUIET_MS`, so a burst that overflows chunk after chunk
 * is reported once, not after every export that succeeds during it.
 */
export class QueueOverflow {
  readonly #signal: SignalType;
  readonly #bounds: { readonly maxQueueBytes: number; readonly maxQueueSize: number };
  readonly #diagnostics: Diagnostics;
  /** Bytes the queue holds now (queued and in flight). */
  readonly #held: () => number;
  #acceptBelow = Number.POSITIVE_INFINITY;
  #overflowing = false;
  #drops = 0;
  #quietTimer: NodeJS.Timeout | undefined;

  constructor(
    signal: SignalType,
    bounds: { readonly maxQueueBytes: number; readonly maxQueueSize: number },
    diagnostics: Diagnostics,
    held: () => number,
  ) {
    this.#signal = signal;
    this.#bounds = bounds;
    this.#diagnostics = diagnostics;
    this.#held = held;
  }

  /** New items are refused: a body like the last one refused would not fit yet. */
  get refusing(): boolean {
    // On every recording call: the common case costs one comparison.
    return this.#acceptBelow !== Number.POSITIVE_INFINITY && this.#held() > this.#acceptBelow;
  }

  /** A body of `bytes` did not fit. */
  refused(bytes: number): void {
    this.#acceptBelow = Math.min(this.#acceptBelow, Math.max(0, this.#bounds.maxQueueBytes - bytes));
  }

  /** `items` were dropped at the queue: reported if this starts an episode. */
  dropped(items: number): void {
    this.#drops += items;
    if (this.#overflowing) return;
    this.#overflowing = true;
    const { maxQueueBytes, maxQueueSize } = this.#bounds;
    const signal = this.#signal;
    this.#diagnostics.report(
      'TF_EXPORT_QUEUE_FULL',
      `${signal} export queue is full (${mib(maxQueueBytes)} MiB of encoded requests, or ${maxQueueSize} items not yet encoded): ` +
        `dropping new items until it drains; getStatus().signals.${signal}.dropped counts them`,
      `queue-full:${signal}`,
    );
  }

  /** Something left the queue: once it has drained, take items again, and end the episode after a quiet spell. */
  drained(): void {
    if (!this.#overflowing && this.#acceptBelow === Number.POSITIVE_INFINITY) return;
    const half = this.#bounds.maxQueueBytes / 2;
    if (this.#held() > Math.min(half, this.#acceptBelow)) return;
    this.#acceptBelow = Number.POSITIVE_INFINITY;
    if (!this.#overflowing || this.#quietTimer !== undefined) return;
    const dropsBefore = this.#drops;
    this.#quietTimer = setTimeout(() => {
      this.#quietTimer = undefined;
      if (this.#drops !== dropsBefore || this.#held() > half) return this.drained();
      this.#overflowing = false;
      this.#diagnostics.clear(`queue-full:${this.#signal}`);
    }, QUIET_MS);
    this.#quietTimer.unref();
  }

  stop(): void {
    clearTimeout(this.#quietTimer);
    this.#quietTimer = undefined;
  }
}
