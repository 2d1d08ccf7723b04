import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { ExportTransport, SignalType, TelemetryConfig } from '@telemetryflow/domain';
import type { Diagnostics } from '../diagnostics.js';
import type { ExportStats } from './export-stats.js';
import { logCodec, metricsCodec, spanCodec } from './otlp-codecs.js';
import { RateLimiter } from './rate-limiter.js';
import { SignalPipeline } from './signal-pipeline.js';
import type { PipelineSettings } from './pipeline-settings.js';

/**
 * Most items held not yet encoded per signal (`maxQueueSize`, `OTEL_BSP_MAX_QUEUE_SIZE`): four
 * full batches, and never below OpenTelemetry's 2048.
 */
export const maxQueueSizeFor = (batchMaxSize: number): number => Math.max(2048, 4 * batchMaxSize);

/**
 * Estimated bytes (strings as UTF-16) of one batch before it is encoded (one larger item goes
 * alone); batches are cut by items (`batchMaxSize`) or by this, whichever comes first.
 */
export const MAX_BATCH_BYTES = 4 * 1024 * 1024;

/**
 * Largest request that joins several encoded batches (when the rate limit made it wait) for a
 * transport without a request size limit (HTTP): 4 MiB, the OpenTelemetry Collector's default
 * gRPC message limit, as the gRPC transport's own (`grpcMaxSendMessageSize`).
 */
export const DEFAULT_MAX_JOINED_BYTES = 4 * 1024 * 1024;

/** The transport's `maxRequestBytes` when it is a usable limit (a third-party getter may throw). */
const requestLimitOf = (transport: ExportTransport): number | undefined => {
  try {
    const limit = transport.maxRequestBytes;
    return typeof limit === 'number' && Number.isFinite(limit) && limit > 0 ? limit : undefined;
  } catch {
    return undefined;
  }
};

/**
 * One signal's pipeline settings: its own batching, queue bound, request deadline and batch
 * deadline (`config.signalSettings(signal)`), the client-wide retry settings and the transport's
 * request size limit.
 */
const settingsFor = (
  config: TelemetryConfig,
  signal: SignalType,
  maxRequestBytes: number | undefined,
): PipelineSettings => {
  const own = config.signalSettings(signal);
  return {
    batchMaxSize: own.batchMaxSize,
    batchTimeoutMs: own.batchTimeoutMs,
    maxQueueSize: own.maxQueueSize ?? maxQueueSizeFor(own.batchMaxSize),
    maxQueueBytes: config.maxQueueBytes,
    maxBatchBytes: MAX_BATCH_BYTES,
    maxJoinedBytes: maxRequestBytes ?? DEFAULT_MAX_JOINED_BYTES,
    maxConcurrentExports: 2,
    timeoutMs: own.timeoutMs,
    exportTimeoutMs: own.exportTimeoutMs,
    retryEnabled: config.retryEnabled,
    maxRetries: config.maxRetries,
    retryBackoffMs: config.retryBackoffMs,
    maxRequestBytes,
  };
};

const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)).unref());

/** The three signal pipelines of one client generation, over one transport and one rate limit. */
export class ExportPipeline {
  readonly traces: SignalPipeline<ReadableSpan>;
  readonly logs: SignalPipeline<ReadableLogRecord>;
  readonly metrics: SignalPipeline<ResourceMetrics>;
  readonly #transport: ExportTransport;
  readonly #stats: ExportStats;

  constructor(
    config: TelemetryConfig,
    transport: ExportTransport,
    stats: ExportStats,
    diagnostics: Diagnostics,
    resourceReady?: Promise<void>,
  ) {
    const maxRequestBytes = requestLimitOf(transport);
    const limiter = new RateLimiter(config.rateLimit);
    const shared = { transport, limiter, stats, diagnostics, resourceReady };
    this.#transport = transport;
    this.#stats = stats;
    this.traces = new SignalPipeline(spanCodec, settingsFor(config, 'traces', maxRequestBytes), shared);
    this.logs = new SignalPipeline(logCodec, settingsFor(config, 'logs', maxRequestBytes), shared);
    this.metrics = new SignalPipeline(metricsCodec, settingsFor(config, 'metrics', maxRequestBytes), shared);
  }

  /** Counts one span the head sampler did not sample: it never reaches the pipeline. */
  countNotSampled(): void {
    this.#stats.of('traces').notSampled++;
  }

  get #all(): SignalPipeline<unknown>[] {
    return [this.traces, this.logs, this.metrics] as SignalPipeline<unknown>[];
  }

  /** Sends everything queued; resolves when done or at the deadline (what is left stays queued). */
  async flush(deadline: AbortSignal): Promise<void> {
    await Promise.all(this.#all.map((p) => p.flush(deadline)));
  }

  /**
   * Sends what is queued until `deadlineAt` (a `performance.now()` time), then drops what is left,
   * and closes the transport. Resolves by the deadline whatever the transport does.
   */
  async shutdown(deadlineAt: number): Promise<void> {
    for (const p of this.#all) p.close();
    const deadline = AbortSignal.timeout(Math.max(1, Math.ceil(deadlineAt - performance.now())));
    await this.flush(deadline);
    for (const p of this.#all) p.stop();
    const closing = this.#transport.shutdown().catch(() => undefined);
    await Promise.race([closing, sleep(deadlineAt - performance.now())]);
  }
}
