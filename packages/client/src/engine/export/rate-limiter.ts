/** A request waiting for a token, in the order it asked. */
interface Waiter {
  readonly grant: (outcome: 'ok' | 'stopped') => void;
  readonly signal: AbortSignal;
  readonly onAbort: () => void;
}

/**
 * Token bucket for export requests: `perMinute` requests a minute on average, bursts of up to
 * one second's worth (at least one). Requests wait for a token, first come first served across
 * every signal sharing the bucket; they are not dropped here. The limit counts requests, not
 * items: the pipeline makes a request that had to wait carry every batch queued meanwhile.
 */
export class RateLimiter {
  readonly #perMs: number;
  readonly #capacity: number;
  readonly #now: () => number;
  readonly #waiters: Waiter[] = [];
  #tokens: number;
  #updatedAt: number;
  #timer: NodeJS.Timeout | undefined;

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

  /** Takes a token now if there is one and nobody is waiting for it. */
  tryAcquire(): boolean {
    this.#refill();
    if (this.#tokens < 1 || this.#waiters.length > 0) return false;
    this.#tokens -= 1;
    return true;
  }

  /** Gives back a token taken but not used (the request found nothing left to send). */
  refund(): void {
    this.#refill();
    this.#tokens = Math.min(this.#capacity, this.#tokens + 1);
    this.#serve();
  }

  /** Milliseconds until a token is available to a request asking now (behind those waiting). */
  waitTime(): number {
    this.#refill();
    const needed = this.#waiters.length + 1 - this.#tokens;
    return needed <= 0 ? 0 : needed / this.#perMs;
  }

  /**
   * Waits for a token, after the requests already waiting, and takes it: `ok`; `late` when it
   * would come at or after `deadlineAt` (a `now()` time; default never); `stopped` when `signal`
   * aborted first.
   */
  acquire(signal: AbortSignal, deadlineAt = Number.POSITIVE_INFINITY): Promise<'ok' | 'late' | 'stopped'> {
    if (signal.aborted) return Promise.resolve('stopped');
    if (this.#now() >= deadlineAt) return Promise.resolve('late');
    if (this.tryAcquire()) return Promise.resolve('ok');
    if (this.#now() + this.waitTime() >= deadlineAt) return Promise.resolve('late');
    return new Promise((resolve) => {
      const waiter: Waiter = {
        grant: resolve,
        signal,
        onAbort: () => {
          const at = this.#waiters.indexOf(waiter);
          if (at >= 0) this.#waiters.splice(at, 1);
          resolve('stopped');
          this.#serve();
        },
      };
      signal.addEventListener('abort', waiter.onAbort, { once: true });
      this.#waiters.push(waiter);
      this.#serve();
    });
  }

  /** Hands tokens to the waiters in order; one timer, for the next token, while any wait. */
  #serve(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#refill();
    while (this.#waiters.length > 0 && this.#tokens >= 1) {
      const waiter = this.#waiters.shift() as Waiter;
      this.#tokens -= 1;
      waiter.signal.removeEventListener('abort', waiter.onAbort);
      waiter.grant('ok');
    }
    if (this.#waiters.length === 0) return;
    this.#timer = setTimeout(() => this.#serve(), Math.ceil((1 - this.#tokens) / this.#perMs));
    this.#timer.unref();
  }
}
