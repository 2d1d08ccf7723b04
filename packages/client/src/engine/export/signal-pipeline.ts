import type { ExportTransport } from '@telemetryflow/domain';
import type { Diagnostics } from '../diagnostics.js';
import { abortableSleep } from './abortable-sleep.js';
import { retryDelay } from './backoff.js';
import type { ExportStats } from './export-stats.js';
import type { RateLimiter } from './rate-limiter.js';
import { encodeParts } from './request-parts.js';
import type { SignalCodec } from './signal-codec.js';
import { sendAttempt } from './send-attempt.js';

export interface PipelineSettings {
  /** Most items (spans, log records) per export request. */
  readonly batchMaxSize: number;
  /** Longest an item waits before a partial batch is sent, in ms. */
  readonly batchTimeoutMs: number;
  /** Most items waiting to be sent; beyond it new items are dropped (and counted). */
  readonly maxQueueSize: number;
  /** Most estimated bytes waiting to be sent (codecs with `sizeOf`); beyond, new items are dropped. */
  readonly maxQueueBytes: number;
  /** Most estimated bytes in one batch (at least one entry): what one request in flight holds. */
  readonly maxBatchBytes: number;
  /** Export requests of this signal in flight at once (retry waits included). */
  readonly maxConcurrentExports: number;
  /** Deadline of one export request, in ms. */
  readonly timeoutMs: number;
  /**
   * Longest one batch may take to export, all its requests and retries included, in ms
   * (`OTEL_BSP_EXPORT_TIMEOUT`): each attempt gets at most the time left, no retry waits past it,
   * and what is not exported by then is counted failed. `undefined`: bounded by `maxRetries` only.
   */
  readonly exportTimeoutMs: number | undefined;
  readonly retryEnabled: boolean;
  readonly maxRetries: number;
  readonly retryBackoffMs: number;
  /** Largest request body the transport can send (its `maxRequestBytes`), if it has a limit. */
  readonly maxRequestBytes: number | undefined;
}

export interface PipelineShared {
  readonly transport: ExportTransport;
  readonly limiter: RateLimiter;
  readonly stats: ExportStats;
  readonly diagnostics: Diagnostics;
  /**
   * Settles when the resource's detected values that come later (`host.id`, `container.id`) are
   * in: requests are encoded after it, so none goes out without them.
   */
  readonly resourceReady?: Promise<void> | undefined;
}

/** A batch being sent (maybe as several requests); it holds an in-flight slot until settled. */
interface Batch {
  /** Items not yet accounted for as exported, rejected, failed or dropped. */
  pending: number;
  /** Queue position of its first entry (entries are numbered as they are added). */
  readonly first: number;
}

/** A `flush()` waiting for every entry numbered below `upTo` to be settled. */
interface FlushWaiter {
  readonly upTo: number;
  readonly wake: () => void;
}

const mib = (bytes: number): string => String(Math.round((bytes / (1024 * 1024)) * 10) / 10);

/** Most batches one rate-limited request carries. */
const COALESCE_BATCHES = 4;

type Settlement =
  | { readonly kind: 'exported'; readonly rejected: number }
  | { readonly kind: 'failed' | 'dropped'; readonly reason: string };

/**
 * One signal's export path: a bounded queue of entries cut into batches, sent through the
 * transport with retries (exponential backoff with jitter, server delays honoured), every item
 * accounted exactly once as exported, rejected, failed or dropped.
 */
export class SignalPipeline<T> {
  readonly #codec: SignalCodec<T>;
  readonly #settings: PipelineSettings;
  readonly #shared: PipelineShared;
  readonly #abort = new AbortController();
  readonly #inFlight = new Set<Batch>();
  readonly #flushWaiters: FlushWaiter[] = [];
  /** Entries ever queued, and ever taken from the queue (sent or dropped): the queue's positions. */
  #addedEntries = 0;
  #takenEntries = 0;
  #entries: T[] = [];
  #counts: number[] = [];
  #sizes: number[] = [];
  #queuedItems = 0;
  #queuedBytes = 0;
  #timer: NodeJS.Timeout | undefined;
  #drainScheduled = false;
  #flushing = 0;
  #closed = false;
  #waitingForToken = false;
  #queueFullReported = false;

  constructor(codec: SignalCodec<T>, settings: PipelineSettings, shared: PipelineShared) {
    this.#codec = codec;
    this.#settings = settings;
    this.#shared = shared;
  }

  get #stats() {
    return this.#shared.stats.of(this.#codec.signal);
  }

  /** Queues an entry; drops and counts it when the queue is full or the pipeline is closed. */
  add(entry: T): void {
    const items = this.#codec.countItems(entry);
    if (items === 0) return;
    if (this.#closed) {
      this.#stats.dropped += items;
      return;
    }
    const bytes = this.#codec.sizeOf?.(entry) ?? 0;
    const { maxQueueSize, maxQueueBytes } = this.#settings;
    if (
      this.#queuedItems > 0 &&
      (this.#queuedItems + items > maxQueueSize || this.#queuedBytes + bytes > maxQueueBytes)
    ) {
      this.#stats.dropped += items;
      // Checked here, not in Diagnostics: this runs for every item dropped in a burst.
      if (!this.#queueFullReported) {
        this.#queueFullReported = true;
        this.#shared.diagnostics.report(
          'TF_EXPORT_QUEUE_FULL',
          `${this.#codec.signal} export queue is full (${maxQueueSize} items or ${mib(maxQueueBytes)} MiB): dropping new ones`,
          `queue-full:${this.#codec.signal}`,
        );
      }
      return;
    }
    this.#entries.push(entry);
    this.#addedEntries++;
    this.#counts.push(items);
    this.#sizes.push(bytes);
    this.#queuedItems += items;
    this.#queuedBytes += bytes;
    this.#stats.queued += items;
    if (this.#batchReady()) this.#scheduleDrain();
    else this.#armTimer();
  }

  #armTimer(): void {
    if (this.#timer !== undefined || this.#closed) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#drain(true);
    }, this.#settings.batchTimeoutMs);
    this.#timer.unref();
  }

  #scheduleDrain(): void {
    if (this.#drainScheduled) return;
    this.#drainScheduled = true;
    // Off the caller's stack: recording a span must not pay for serializing a batch.
    setImmediate(() => {
      this.#drainScheduled = false;
      this.#drain(false);
    });
  }

  /** Starts sends while there is room; partial batches only when `force` (timer, flush). */
  #drain(force: boolean): void {
    const { maxConcurrentExports } = this.#settings;
    while (
      this.#entries.length > 0 &&
      this.#inFlight.size < maxConcurrentExports &&
      !this.#waitingForToken &&
      (force || this.#flushing > 0 || this.#batchReady())
    ) {
      const first = this.#takenEntries;
      void this.#send(first, ...this.#takeBatch());
    }
    if (this.#entries.length > 0) this.#armTimer();
    this.#wakeFlushed();
  }

  /**
   * A full batch is queued, by items, by bytes or by entries (a metrics collection is a request of
   * its own: the reader's interval already batched it).
   */
  #batchReady(): boolean {
    return (
      this.#queuedItems >= this.#settings.batchMaxSize ||
      this.#queuedBytes >= this.#settings.maxBatchBytes ||
      this.#entries.length >= this.#codec.maxEntriesPerRequest
    );
  }

  /**
   * Takes queued entries: the first one, then more while they fit in `maxItems` items and
   * `maxBytes`; returns them with their estimated bytes.
   */
  #takeBatch(
    maxItems = this.#settings.batchMaxSize,
    maxEntries = this.#codec.maxEntriesPerRequest,
    maxBytes = this.#settings.maxBatchBytes,
  ): [T[], number] {
    let entries = 0;
    let items = 0;
    let bytes = 0;
    while (
      entries < this.#entries.length &&
      entries < maxEntries &&
      (entries === 0 ||
        (items + (this.#counts[entries] ?? 0) <= maxItems && bytes + (this.#sizes[entries] ?? 0) <= maxBytes))
    ) {
      items += this.#counts[entries] ?? 0;
      bytes += this.#sizes[entries] ?? 0;
      entries++;
    }
    const batch = this.#entries.splice(0, entries);
    this.#takenEntries += entries;
    this.#counts.splice(0, entries);
    this.#sizes.splice(0, entries);
    this.#queuedItems -= items;
    this.#queuedBytes -= bytes;
    return [batch, bytes];
  }

  async #send(first: number, entries: T[], bytes: number): Promise<void> {
    const batch: Batch = { pending: 0, first };
    for (const entry of entries) batch.pending += this.#codec.countItems(entry);
    this.#inFlight.add(batch);
    if (this.#shared.resourceReady !== undefined) await this.#shared.resourceReady;
    if (this.#shared.limiter.waitTime() > 0) {
      // Rate-limited: the limit is on requests, not items, so what queues up meanwhile rides
      // along in this request (up to COALESCE_BATCHES batches) instead of waiting for tokens
      // of its own and overflowing the queue. One request per signal waits; the rest stay queued.
      this.#waitingForToken = true;
      const ready = await this.#shared.limiter.ready(this.#abort.signal);
      this.#waitingForToken = false;
      if (!ready) return this.#settleDropped(batch);
      const room = COALESCE_BATCHES * this.#settings.batchMaxSize - batch.pending;
      const roomBytes = COALESCE_BATCHES * this.#settings.maxBatchBytes - bytes;
      if (room > 0 && roomBytes > 0 && entries.length < this.#codec.maxEntriesPerRequest) {
        const [more] = this.#takeBatch(room, this.#codec.maxEntriesPerRequest - entries.length, roomBytes);
        for (const entry of more) batch.pending += this.#codec.countItems(entry);
        entries.push(...more);
      }
    }
    const parts = encodeParts(this.#codec, entries, this.#settings.maxRequestBytes);
    // The batch's export deadline runs from here: a wait for the rate limit above only gathered it.
    const { exportTimeoutMs } = this.#settings;
    const deadlineAt =
      exportTimeoutMs === undefined ? Number.POSITIVE_INFINITY : performance.now() + exportTimeoutMs;
    for (const part of parts) {
      if (batch.pending === 0) return; // stopped meanwhile
      if (part.body === undefined) this.#settle(batch, part.items, { kind: 'failed', reason: part.reason });
      else await this.#deliver(batch, part.items, part.body, deadlineAt);
    }
    // Never keep an in-flight slot for items no part carried (a codec whose counts disagree).
    this.#settle(batch, batch.pending, { kind: 'failed', reason: 'could not serialize the batch' });
  }

  /**
   * Sends one request of `batch` with retries until `deadlineAt` (a `performance.now()` time, the
   * batch's `exportTimeoutMs`), and accounts for its `items`.
   */
  async #deliver(batch: Batch, items: number, body: Uint8Array, deadlineAt: number): Promise<void> {
    const { signal } = this.#codec;
    for (let retries = 0; ; retries++) {
      const token = await this.#shared.limiter.acquire(this.#abort.signal, deadlineAt);
      if (token === 'stopped') return this.#settleDropped(batch);
      if (token === 'late') {
        const reason = `${this.#pastDeadline()} before ${retries === 0 ? 'the request' : 'a retry'} could be sent`;
        return this.#settle(batch, items, { kind: 'failed', reason });
      }
      // An attempt never runs past the batch's deadline.
      const left = Math.max(1, Math.ceil(deadlineAt - performance.now()));
      const timeoutMs = Math.min(this.#settings.timeoutMs, left);
      const outcome = await sendAttempt(this.#shared.transport, signal, body, timeoutMs);
      if (batch.pending === 0) return;
      if (outcome.status === 'success') {
        return this.#settle(batch, items, { kind: 'exported', rejected: outcome.rejectedItems ?? 0 });
      }
      if (outcome.status === 'failed') {
        return this.#settle(batch, items, { kind: 'failed', reason: outcome.reason });
      }
      const { retryEnabled, maxRetries, retryBackoffMs } = this.#settings;
      if (!retryEnabled || retries >= maxRetries) {
        const reason = retryEnabled ? `${outcome.reason} (gave up after ${retries} retries)` : outcome.reason;
        return this.#settle(batch, items, { kind: 'failed', reason });
      }
      const delay = retryDelay(retries + 1, retryBackoffMs, outcome.retryAfterMs);
      if (performance.now() + delay >= deadlineAt) {
        const reason = `${outcome.reason} (${this.#pastDeadline()} after ${retries} retries)`;
        return this.#settle(batch, items, { kind: 'failed', reason });
      }
      this.#stats.retries++;
      this.#stats.lastOutcome = 'retrying';
      this.#stats.lastError = outcome.reason;
      this.#shared.diagnostics.report(
        'TF_EXPORT_RETRYING',
        `${signal} export failed, retrying: ${outcome.reason}`,
        `retrying:${signal}`,
      );
      if (!(await abortableSleep(delay, this.#abort.signal))) return this.#settleDropped(batch);
    }
  }

  /** Names the batch deadline, for the reason its items failed. */
  #pastDeadline(): string {
    return `exportTimeoutMs of ${String(this.#settings.exportTimeoutMs)} ms reached`;
  }

  #settleDropped(batch: Batch): void {
    this.#settle(batch, batch.pending, {
      kind: 'dropped',
      reason: 'shut down before the batch could be sent',
    });
  }

  /** Accounts for `items` of `batch`; once all are, the batch leaves the in-flight set. */
  #settle(batch: Batch, items: number, how: Settlement): void {
    const count = Math.min(items, batch.pending);
    if (count <= 0) return;
    batch.pending -= count;
    const stats = this.#stats;
    const { signal } = this.#codec;
    stats.queued -= count;
    if (how.kind === 'exported') {
      const rejected = Math.min(Math.max(0, how.rejected), count);
      stats.exported += count - rejected;
      stats.rejected += rejected;
      stats.lastOutcome = 'success';
      stats.lastError = undefined;
      this.#shared.diagnostics.clear(`retrying:${signal}`);
      this.#shared.diagnostics.clear(`failed:${signal}`);
      this.#shared.diagnostics.clear(`queue-full:${signal}`);
      this.#queueFullReported = false;
    } else if (how.kind === 'failed') {
      stats.failed += count;
      stats.lastOutcome = 'failed';
      stats.lastError = how.reason;
      this.#shared.diagnostics.report(
        'TF_EXPORT_FAILED',
        `${signal} export failed, ${count} items lost: ${how.reason}`,
        `failed:${signal}`,
      );
    } else {
      stats.dropped += count;
    }
    if (batch.pending > 0) return;
    this.#inFlight.delete(batch);
    if (!this.#closed || this.#flushing > 0) this.#drain(false);
    this.#wakeFlushed();
  }

  /** Wakes the flushes whose entries are all settled: taken from the queue, and no batch of theirs in flight. */
  #wakeFlushed(): void {
    if (this.#flushWaiters.length === 0) return;
    let oldestInFlight = Number.POSITIVE_INFINITY;
    for (const batch of this.#inFlight) oldestInFlight = Math.min(oldestInFlight, batch.first);
    const settledBelow = Math.min(this.#takenEntries, oldestInFlight);
    for (let i = this.#flushWaiters.length - 1; i >= 0; i--) {
      const waiter = this.#flushWaiters[i];
      if (waiter !== undefined && waiter.upTo <= settledBelow) {
        this.#flushWaiters.splice(i, 1);
        waiter.wake();
      }
    }
  }

  /**
   * Sends everything queued so far; resolves when all of it is settled (exported, rejected,
   * failed or dropped) or when `signal` aborts (items stay queued). What is queued after the
   * call is not waited for: a metrics collection every interval, or a steady stream of spans,
   * would otherwise keep a flush waiting until its deadline.
   */
  async flush(signal: AbortSignal): Promise<void> {
    this.#flushing++;
    let waiter: FlushWaiter | undefined;
    try {
      const settled = new Promise<void>((resolve) => {
        waiter = { upTo: this.#addedEntries, wake: resolve };
        this.#flushWaiters.push(waiter);
      });
      this.#drain(true);
      await Promise.race([
        settled,
        new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true })),
      ]);
    } finally {
      this.#flushing--;
      const left = waiter === undefined ? -1 : this.#flushWaiters.indexOf(waiter);
      if (left >= 0) this.#flushWaiters.splice(left, 1);
    }
  }

  /** No more entries are accepted (later `add`s are counted as dropped). */
  close(): void {
    this.#closed = true;
  }

  /** Stops everything now: waits are cancelled, queued and in-flight items count as dropped. */
  stop(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#abort.abort();
    const items = this.#queuedItems;
    this.#takenEntries += this.#entries.length;
    this.#entries = [];
    this.#counts = [];
    this.#sizes = [];
    this.#queuedItems = 0;
    this.#queuedBytes = 0;
    this.#stats.queued -= items;
    this.#stats.dropped += items;
    for (const batch of [...this.#inFlight]) this.#settleDropped(batch);
    this.#wakeFlushed();
  }
}
