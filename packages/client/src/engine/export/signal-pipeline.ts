import { EncodedQueue } from './encoded-queue.js';
import type { EncodedBatch } from './encoded-queue.js';
import { LiveBatch } from './live-batch.js';
import { QueueOverflow } from './queue-overflow.js';
import type { PipelineSettings, PipelineShared } from './pipeline-settings.js';
import { encodeParts } from './request-parts.js';
import type { SignalCodec } from './signal-codec.js';
import { STOPPED, deliverRequest } from './request-delivery.js';
import type { DeliveryContext, Settlement } from './request-delivery.js';

/** A request being sent: encoded batches joined into one body; it holds an in-flight slot until settled. */
interface Request {
  /** Items not yet accounted for as exported, rejected, failed or dropped. */
  pending: number;
  /** Sequence number of its first batch (batches are numbered as they are encoded). */
  readonly first: number;
  readonly bytes: number;
}

/** A `flush()` waiting for every batch numbered below `upTo` to be settled. */
interface FlushWaiter {
  readonly upTo: number;
  readonly wake: () => void;
}

/**
 * One signal's export path. Items are held live until a batch is full (or waited `batchTimeoutMs`),
 * then encoded at once into an OTLP request body; the queue holds those bodies, bounded by bytes,
 * and sends them through the transport with retries (exponential backoff with jitter, server
 * delays honoured). When the rate limit makes a request wait, it carries every body queued
 * meanwhile, up to `maxJoinedBytes`. Every item is accounted exactly once as exported, rejected,
 * failed or dropped.
 */
export class SignalPipeline<T> {
  readonly #codec: SignalCodec<T>;
  readonly #settings: PipelineSettings;
  readonly #shared: PipelineShared;
  readonly #abort = new AbortController();
  readonly #delivery: DeliveryContext;
  readonly #live = new LiveBatch<T>();
  readonly #queue = new EncodedQueue();
  readonly #inFlight = new Set<Request>();
  readonly #flushWaiters: FlushWaiter[] = [];
  /** Bytes of the requests in flight. */
  #inFlightBytes = 0;
  /** Senders running (waiting for a token, sending or retrying), and those waiting for a token. */
  #senders = 0;
  #waitingForToken = 0;
  #resourceReady: boolean;
  #timer: NodeJS.Timeout | undefined;
  #encodeScheduled = false;
  #flushing = 0;
  #closed = false;
  readonly #overflow: QueueOverflow;

  constructor(codec: SignalCodec<T>, settings: PipelineSettings, shared: PipelineShared) {
    this.#codec = codec;
    this.#settings = settings;
    this.#shared = shared;
    this.#delivery = { signal: codec.signal, settings, shared, stop: this.#abort.signal };
    this.#overflow = new QueueOverflow(codec.signal, settings, shared.diagnostics, () => this.heldBytes);
    this.#resourceReady = shared.resourceReady === undefined;
    void shared.resourceReady?.then(() => {
      this.#resourceReady = true;
      // What waited may be past maxQueueSize (see #liveFull): encoded here, not on the stack of
      // the next recording call, which would find the live items over their bound.
      if (this.#live.entries > 0) this.#encode(false);
    });
  }

  get #stats() {
    return this.#shared.stats.of(this.#codec.signal);
  }

  /** Bytes of encoded request bodies held: queued and in flight. */
  get heldBytes(): number {
    return this.#queue.bytes + this.#inFlightBytes;
  }

  /** Queues an entry; drops and counts it when the queue is full or the pipeline is closed. */
  add(entry: T): void {
    const items = this.#codec.countItems(entry);
    if (items === 0) return;
    if (this.#closed) {
      this.#stats.dropped += items;
      return;
    }
    if (this.#overflow.refusing) return this.#drop(items);
    const bytes = this.#codec.sizeOf?.(entry) ?? 0;
    if (this.#liveFull(items, bytes)) {
      // Recorded without yielding, or a byte bound too small for a batch to fill at the estimate:
      // encode what is held here rather than drop (sent later: never on the caller's stack). The
      // encoded bytes, not the estimate, then decide what the queue holds.
      if (this.#resourceReady) {
        this.#encode(true, false);
        this.#scheduleEncode();
      }
      if (this.#liveFull(items, bytes)) return this.#drop(items);
    }
    this.#live.push(entry, items, bytes);
    this.#stats.queued += items;
    if (this.#batchReady()) this.#scheduleEncode();
    else this.#armTimer();
  }

  /**
   * Items not yet encoded are bounded by `maxQueueSize` items and by `maxQueueBytes` estimated
   * (one entry always fits). Until the resource is known nothing can be encoded, so only the byte
   * bound applies: code that records right after `initialize()` without yielding (a script's loop)
   * keeps what it records, up to the bytes the queue would hold anyway, instead of losing all but
   * the first `maxQueueSize` items.
   */
  #liveFull(items: number, bytes: number): boolean {
    const live = this.#live;
    if (live.entries === 0) return false;
    if (live.bytes + bytes > this.#settings.maxQueueBytes) return true;
    return this.#resourceReady && live.items + items > this.#settings.maxQueueSize;
  }

  /** Counts `items` dropped at the queue, reporting the overflow once per episode. */
  #drop(items: number): void {
    this.#stats.dropped += items;
    this.#overflow.dropped(items);
  }

  #armTimer(): void {
    if (this.#timer !== undefined || this.#closed) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (this.#resourceReady) this.#encode(true);
      else this.#armTimer();
    }, this.#settings.batchTimeoutMs);
    this.#timer.unref();
  }

  #scheduleEncode(): void {
    if (this.#encodeScheduled || !this.#resourceReady) return;
    this.#encodeScheduled = true;
    // Off the caller's stack: recording a span must not pay for serializing a batch.
    setImmediate(() => {
      this.#encodeScheduled = false;
      this.#encode(false);
    });
  }

  /**
   * A full batch is held live, by items, by bytes or by entries (a metrics collection is a batch
   * of its own: the reader's interval already batched it).
   */
  #batchReady(): boolean {
    const live = this.#live;
    return (
      live.items >= this.#settings.batchMaxSize ||
      live.bytes >= this.#settings.maxBatchBytes ||
      live.entries >= this.#codec.maxEntriesPerRequest
    );
  }

  /**
   * Encodes the live batches that are full (all of them when `force`: timer, flush), then sends
   * (unless `send` is false: a recording call is on the stack).
   */
  #encode(force: boolean, send = true): void {
    const { batchMaxSize, maxBatchBytes, maxRequestBytes } = this.#settings;
    while (this.#live.entries > 0 && (force || this.#batchReady())) {
      const [entries, items] = this.#live.take(batchMaxSize, this.#codec.maxEntriesPerRequest, maxBatchBytes);
      let carried = 0;
      for (const part of encodeParts(this.#codec, entries, maxRequestBytes)) {
        carried += part.items;
        if (part.body === undefined) this.#settleUnsent(part.items, { kind: 'failed', reason: part.reason });
        else this.#enqueue(part.items, part.body);
      }
      // A codec whose counts disagree: never keep items no body carries.
      if (carried < items) {
        this.#settleUnsent(items - carried, { kind: 'failed', reason: 'could not serialize the batch' });
      }
    }
    if (this.#live.entries === 0) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    } else {
      this.#armTimer();
    }
    if (!send) return;
    this.#pump();
    this.#wakeFlushed();
  }

  /** Queues one encoded body, or drops its items when it does not fit in the byte bound. */
  #enqueue(items: number, body: Uint8Array): void {
    const { maxQueueBytes } = this.#settings;
    if (this.heldBytes + body.byteLength > maxQueueBytes) {
      this.#overflow.refused(body.byteLength);
      this.#stats.queued -= items;
      this.#drop(items);
      return;
    }
    this.#queue.push(items, body);
  }

  /** Starts senders while bodies wait and a sender is free (a sender waiting for a token takes its share). */
  #pump(): void {
    const { maxConcurrentExports, maxJoinedBytes } = this.#settings;
    while (
      this.#queue.length > 0 &&
      this.#senders < maxConcurrentExports &&
      this.#queue.bytes > this.#waitingForToken * maxJoinedBytes
    ) {
      void this.#sendNext();
    }
  }

  /**
   * One request: a token, then the next body, or (when the rate limit made it wait) every body
   * queued up to `maxJoinedBytes`, sent with retries.
   */
  async #sendNext(): Promise<void> {
    this.#senders++;
    try {
      let joinUpTo = 0;
      if (!this.#shared.limiter.tryAcquire()) {
        this.#waitingForToken++;
        const token = await this.#shared.limiter.acquire(this.#abort.signal);
        this.#waitingForToken--;
        if (token !== 'ok') return; // stopped: what is queued was dropped by stop()
        joinUpTo = this.#settings.maxJoinedBytes;
      }
      const taken = this.#queue.take(joinUpTo);
      if (taken === undefined) {
        this.#shared.limiter.refund();
        return;
      }
      const request = this.#startRequest(taken);
      const how = await deliverRequest(this.#delivery, taken.body, () => request.pending === 0);
      if (how !== undefined) this.#settle(request, how);
    } finally {
      this.#senders--;
      if (!this.#closed || this.#flushing > 0) this.#pump();
      this.#wakeFlushed();
    }
  }

  #startRequest(taken: EncodedBatch): Request {
    const request: Request = { pending: taken.items, first: taken.first, bytes: taken.body.byteLength };
    this.#inFlight.add(request);
    this.#inFlightBytes += request.bytes;
    return request;
  }

  #settleDropped(request: Request): void {
    this.#settle(request, STOPPED);
  }

  /** Accounts for every pending item of `request`, which then leaves the in-flight set. */
  #settle(request: Request, how: Settlement): void {
    const count = request.pending;
    if (count <= 0) return;
    request.pending = 0;
    this.#inFlight.delete(request);
    this.#inFlightBytes -= request.bytes;
    this.#settleUnsent(count, how);
    this.#overflow.drained();
    this.#wakeFlushed();
  }

  /** Accounts for `count` items that were queued. */
  #settleUnsent(count: number, how: Settlement): void {
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
  }

  /** Wakes the flushes whose batches are all settled: none queued or in flight. */
  #wakeFlushed(): void {
    if (this.#flushWaiters.length === 0) return;
    let settledBelow = this.#queue.firstSequence;
    for (const request of this.#inFlight) settledBelow = Math.min(settledBelow, request.first);
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
    const aborted = new Promise<void>((resolve) => {
      if (signal.aborted) resolve();
      else signal.addEventListener('abort', () => resolve(), { once: true });
    });
    try {
      if (!this.#resourceReady && this.#shared.resourceReady !== undefined) {
        await Promise.race([this.#shared.resourceReady, aborted]);
        if (!this.#resourceReady) return;
      }
      this.#encode(true);
      const settled = new Promise<void>((resolve) => {
        waiter = { upTo: this.#queue.nextSequence, wake: resolve };
        this.#flushWaiters.push(waiter);
      });
      this.#wakeFlushed();
      await Promise.race([settled, aborted]);
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
    this.#overflow.stop();
    this.#abort.abort();
    const live = this.#live.clear();
    const queued = this.#queue.clear();
    this.#stats.queued -= live + queued;
    this.#stats.dropped += live + queued;
    for (const request of [...this.#inFlight]) this.#settleDropped(request);
    this.#wakeFlushed();
  }
}
