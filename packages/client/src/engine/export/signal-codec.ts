import type { SignalType } from '@telemetryflow/domain';

/** How one signal's entries become an OTLP request body. */
export interface SignalCodec<T> {
  readonly signal: SignalType;
  /** Items an entry holds (1 for a span or log record, its data points for a metrics collection). */
  countItems(entry: T): number;
  /**
   * Estimated bytes an entry holds in memory (its strings as UTF-16, plus a fixed overhead), for
   * the queue's byte bound; absent: not bounded by bytes (metrics: one bounded collection).
   */
  sizeOf?(entry: T): number;
  /** Most entries in one request. */
  readonly maxEntriesPerRequest: number;
  serialize(entries: T[]): Uint8Array | undefined;
  /** Cuts one entry in two smaller ones, for a request over the transport's size limit (optional). */
  split?(entry: T): [T, T] | undefined;
}
