import type { ExportTransport } from '@telemetryflow/domain';
import type { Diagnostics } from '../diagnostics.js';
import type { ExportStats } from './export-stats.js';
import type { RateLimiter } from './rate-limiter.js';

export interface PipelineSettings {
  /** Most items (spans, log records) per batch: a full batch is encoded into a request body at once. */
  readonly batchMaxSize: number;
  /** Longest an item waits before a partial batch is encoded and sent, in ms. */
  readonly batchTimeoutMs: number;
  /**
   * Most items held not yet encoded (live span and log objects). When a caller records past it
   * (or past `maxQueueBytes` of them, estimated) without yielding, the full batches are encoded on
   * its stack. While they cannot be encoded (the resource's detectors are still running), only
   * `maxQueueBytes` estimated bounds them, and new items past it are dropped (and counted).
   */
  readonly maxQueueSize: number;
  /** Most bytes of encoded request bodies held, queued and in flight; past it, new items are dropped. */
  readonly maxQueueBytes: number;
  /** Most estimated bytes in one batch (at least one entry), before it is encoded. */
  readonly maxBatchBytes: number;
  /** Largest request that joins several batches, in bytes (the transport's limit, if it has one). */
  readonly maxJoinedBytes: number;
  /** Export requests of this signal in flight at once (waits for a token and retries included). */
  readonly maxConcurrentExports: number;
  /** Deadline of one export request, in ms. */
  readonly timeoutMs: number;
  /**
   * Longest one request may take to export, its retries included, in ms (`OTEL_BSP_EXPORT_TIMEOUT`):
   * each attempt gets at most the time left, no retry waits past it, and what is not exported by
   * then is counted failed. `undefined`: bounded by `maxRetries` only.
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
   * in: batches are encoded after it, so none goes out without them.
   */
  readonly resourceReady?: Promise<void> | undefined;
}
