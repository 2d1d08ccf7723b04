import { monitorEventLoopDelay } from 'node:perf_hooks';

const MB = 1024 * 1024;

/** Runs a full collection when the process was started with `--expose-gc` (see vitest.config.ts). */
export const collectGarbage = (): void => {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
};

/** Heap in use after a forced collection, in bytes. */
export const settledHeap = (): number => {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed;
};

export interface MemoryFigures {
  readonly peakRssMb: number;
  readonly peakHeapMb: number;
  /** Longest the event loop was blocked while sampling (observed, never asserted). */
  readonly maxLoopDelayMs: number;
  readonly p99LoopDelayMs: number;
}

/** Samples RSS and heap during a fault, and how long the event loop was held up. */
export class MemorySampler {
  readonly #timer: NodeJS.Timeout;
  readonly #loop = monitorEventLoopDelay({ resolution: 10 });
  #peakRss = 0;
  #peakHeap = 0;

  constructor(intervalMs = 20) {
    this.#sample();
    this.#loop.enable();
    this.#timer = setInterval(() => this.#sample(), intervalMs);
  }

  /** Takes one sample now (call it at the moments that matter, e.g. right after a burst). */
  sample(): void {
    this.#sample();
  }

  /** Forgets the event-loop delays so far (e.g. the test's own synchronous burst). */
  resetLoopDelay(): void {
    this.#loop.reset();
  }

  /** The event-loop delays since the last reset, in ms. */
  loopDelay(): { readonly maxLoopDelayMs: number; readonly p99LoopDelayMs: number } {
    return {
      maxLoopDelayMs: round(this.#loop.max / 1e6),
      p99LoopDelayMs: round(this.#loop.percentile(99) / 1e6),
    };
  }

  stop(): MemoryFigures {
    clearInterval(this.#timer);
    this.#sample();
    this.#loop.disable();
    return {
      peakRssMb: round(this.#peakRss / MB),
      peakHeapMb: round(this.#peakHeap / MB),
      maxLoopDelayMs: round(this.#loop.max / 1e6),
      p99LoopDelayMs: round(this.#loop.percentile(99) / 1e6),
    };
  }

  #sample(): void {
    const { rss, heapUsed } = process.memoryUsage();
    this.#peakRss = Math.max(this.#peakRss, rss);
    this.#peakHeap = Math.max(this.#peakHeap, heapUsed);
  }
}

export const round = (value: number): number => Math.round(value * 10) / 10;

export const toMb = (bytes: number): number => round(bytes / MB);
