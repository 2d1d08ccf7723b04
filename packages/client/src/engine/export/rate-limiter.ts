import { abortableSleep } from './abortable-sleep.js';

/**
 * Token bucket for export requests: `perMinute` requests a minute on average, bursts of up to
 * one second's worth (at least one). Requests wait for a token; they are not dropped here.
 */
export class RateLimiter {
  readonly #perMs: number;
  readonly #capacity: number;
  readonly #now: () => number;
  #tokens: number;
  #updatedAt: number;

  constructor(perMinute: number, now: () => number = () => performance.now()) {
    this.#perMs = perMinute / 60_000;
    this.#capacity = Math.max(1, Math.ceil(perMinute / 60));
    this.#now = now;
    this.#tokens = this.#capacity;
    this.#updatedAt = now();
  }

  #refill(): void {
    const t = this.#now();
    this.#tokens = Math.min(this.#capacity, this.#tokens + (t - this.#updatedAt) * this.#perMs);
    this.#updatedAt = t;
  }

  /** Takes a token now if there is one. */
  tryAcquire(): boolean {
    this.#refill();
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  /** Milliseconds until a token is available. */
  waitTime(): number {
    this.#refill();
    return this.#tokens >= 1 ? 0 : (1 - this.#tokens) / this.#perMs;
  }

  /** Waits until a token is available, without taking it; `false` when `signal` aborted first. */
  async ready(signal: AbortSignal): Promise<boolean> {
    for (let wait = this.waitTime(); wait > 0; wait = this.waitTime()) {
      if (!(await abortableSleep(Math.ceil(wait), signal))) return false;
    }
    return !signal.aborted;
  }

  /**
   * Waits for a token and takes it: `ok`; `late` when it would come at or after `deadlineAt` (a
   * `now()` time; default never); `stopped` when `signal` aborted first.
   */
  async acquire(
    signal: AbortSignal,
    deadlineAt = Number.POSITIVE_INFINITY,
  ): Promise<'ok' | 'late' | 'stopped'> {
    if (this.#now() >= deadlineAt) return 'late';
    while (!this.tryAcquire()) {
      const wait = Math.ceil(this.waitTime());
      if (this.#now() + wait >= deadlineAt) return 'late';
      if (!(await abortableSleep(wait, signal))) return 'stopped';
    }
    return 'ok';
  }
}
