import type {
  AttributeValue,
  Attributes,
  SeverityLevel,
  SignalType,
  SpanKind,
  SpanStatus,
  TelemetryConfig,
} from '@telemetryflow/domain';

/** Incoming headers as Node gives them (`IncomingHttpHeaders`-like). */
export type TraceCarrier = Readonly<Record<string, string | readonly string[] | undefined>>;

/** Attributes after the recording rules ran: only values OTLP can carry. */
export type CleanAttributes = Readonly<Record<string, AttributeValue>>;

/**
 * The observable (asynchronous) instruments of the OpenTelemetry metrics API: a gauge (current
 * value), a counter (a monotonic total, observed as the total so far) and an up-down counter (a
 * total that may go down).
 */
export type ObservableKind = 'gauge' | 'counter' | 'upDownCounter';

/** What a callback reports through: one `observe` per attribute set. */
export interface Observer {
  /** Reports the series' current value (a counter's total so far, not an increment). */
  observe(value: number, attributes?: Attributes): void;
}

/**
 * Called once per metric collection (every `metricExportIntervalMs`, and on `flush()`); may be
 * async (the collection waits for it up to `metricExportTimeoutMs`). A series it stops
 * observing stops being exported.
 */
export type ObservableCallback = (observer: Observer) => void | Promise<void>;

export interface ObservableOptions {
  /** UCUM unit (e.g. `'By'`, `'{message}'`); applies when the name is first used. */
  readonly unit?: string;
  readonly description?: string;
}

/** What the metrics port registers: an instrument's identity and a validated collect function. */
export interface ObservableRegistration {
  readonly kind: ObservableKind;
  readonly name: string;
  readonly unit: string;
  readonly description: string;
  /** Runs the user's callback; each valid observation reaches `record`. Never throws or rejects. */
  readonly collect: (
    record: (value: number, attributes: CleanAttributes | undefined) => void,
  ) => Promise<void>;
}

/** The synchronous instrument kinds the metric calls record into. */
export type MetricInstrumentKind = 'counter' | 'gauge' | 'histogram';

/** One synchronous instrument of a {@link MetricsPort}. Must not throw. */
export interface MetricInstrument {
  /**
   * The unit it was created with, from the first use of its name (`''` for none). Histograms and
   * generic metrics refuse a later call that gives another unit.
   */
  readonly unit: string;
  /**
   * Adds `value` (counter), sets it (gauge: the last value of an interval wins) or records it
   * (histogram) for the series of `attributes`, in the active context.
   */
  record(value: number, attributes: CleanAttributes | undefined): void;
}

/** Driven port: metric instruments, created on first use of a name. Implementations must not throw. */
export interface MetricsPort {
  /**
   * The synchronous instrument `name` of `kind`, created on the name's first use with `unit`
   * (which then sticks); `undefined` when the name already belongs to an instrument of another
   * kind. The metric handlers hold it for the later calls of the name, until the next initialize
   * (`SdkState.generation`), so a call makes one lookup (issue #22).
   */
  instrument(kind: MetricInstrumentKind, name: string, unit: string): MetricInstrument | undefined;
  /**
   * Registers an observable instrument's callback (the instrument is created on first use of the
   * name); returns its unregister function, or `undefined` when the name belongs to another kind
   * of instrument. Registrations hold across shutdown and a new initialize.
   */
  observe(registration: ObservableRegistration): (() => void) | undefined;
}

export interface SpanStart {
  readonly name: string;
  readonly kind: SpanKind;
  readonly attributes: CleanAttributes | undefined;
  /** Parent span (an id returned by `startSpan` and not yet ended); else the active context. */
  readonly parentSpanId: string | undefined;
}

/** How a span's operation failed: what was thrown (any value, `undefined` included). */
export interface SpanFailure {
  readonly error: unknown;
}

/**
 * Driven port: spans, addressed by their real 16-hex OTel span id. Must not throw. Times are the
 * engine's clock at the call: dispatch is synchronous, so that is the command's moment.
 */
export interface TracingPort {
  /** The new span's 16-hex id, or `undefined` when it is refused (too many open spans). */
  startSpan(span: SpanStart): string | undefined;
  /**
   * `false` when `spanId` is unknown or already ended. With a failure (whatever its `error`, even
   * `undefined`): status ERROR and an exception event; without: status OK unless a status was set
   * explicitly.
   */
  endSpan(spanId: string, failure: SpanFailure | undefined): boolean;
  setSpanAttributes(spanId: string, attributes: CleanAttributes): boolean;
  updateSpanName(spanId: string, name: string): boolean;
  setSpanStatus(spanId: string, status: SpanStatus, message: string | undefined): boolean;
  addSpanEvent(spanId: string, name: string, attributes: CleanAttributes | undefined): boolean;
  /** Runs `fn` with the span as the active context, so spans and logs made inside are its children. */
  withActiveSpan<T>(spanId: string, fn: () => T): T;
  /**
   * Runs `fn` in the context carried by `carrier` (W3C `traceparent` / `tracestate` / `baggage`
   * headers, those of the configured propagators), so spans started inside continue the caller's
   * trace. Malformed headers are ignored.
   */
  withExtractedContext<T>(carrier: TraceCarrier, fn: () => T): T;
  /** Writes the active context into `carrier` as W3C headers, for an outgoing request. */
  injectContext(carrier: Record<string, string>): void;
}

/**
 * Driven port: W3C Baggage of the active context (what `withExtractedContext` took from a
 * `baggage` header, plus what `withBaggage` added); the configured propagators carry it on
 * `injectContext`. Must not throw.
 */
export interface BaggagePort {
  /** The active context's baggage entries, `{}` when it has none. */
  getBaggage(): Readonly<Record<string, string>>;
  /**
   * Runs `fn` with the active baggage plus `entries` (an entry replaces one with the same key).
   * The entries were validated: keys are W3C tokens, values strings that percent-encode.
   */
  withBaggage<T>(entries: Readonly<Record<string, string>>, fn: () => T): T;
}

export interface LogRecordInput {
  readonly message: string;
  readonly severity: SeverityLevel;
  readonly attributes: CleanAttributes | undefined;
  /** Correlate with this span instead of the active one (an id from `startSpan`). */
  readonly spanId: string | undefined;
  /** When the event happened, epoch milliseconds (a finite number > 0); absent: now. */
  readonly timestamp?: number;
  /** OTLP `SeverityNumber` (an integer 1–24, within `severity`'s range); absent: `severity`'s first number. */
  readonly severityNumber?: number;
  /** The source's name for the level (1–64 characters); absent: `TRACE` … `FATAL`. */
  readonly severityText?: string;
  /** A context from the engine's capture (where the log call was made); absent: the active context. */
  readonly context?: object;
}

/** Driven port: OTLP log records, correlated with the active (or given) span. Must not throw. */
export interface LoggingPort {
  emit(record: LogRecordInput): void;
}

/** Driven port: the engine's lifecycle. */
export interface LifecyclePort {
  /** Builds providers and the export pipeline for `config`. Called again after `shutdown()` to restart. */
  initialize(config: TelemetryConfig): void;
  /** Exports what is pending, then stops. Resolves within `timeoutMs`, whatever the collector does. */
  shutdown(timeoutMs: number): Promise<void>;
  /** Exports what is pending. Resolves within `timeoutMs`. */
  flush(timeoutMs: number): Promise<void>;
}

/**
 * Export accounting of one signal, in items (spans, log records, metric data points), and the bytes
 * its export queue holds.
 */
export interface SignalExportStats {
  /** Accepted by the collector. */
  readonly exported: number;
  /** Given up on: non-retryable answer, or retries exhausted. */
  readonly failed: number;
  /** Never sent: queue full, rate limited past the queue, or pending at shutdown. */
  readonly dropped: number;
  /** Refused by the collector in a partial success. */
  readonly rejected: number;
  /** Retry attempts made. */
  readonly retries: number;
  /** Waiting in the export queue or in flight right now. */
  readonly queued: number;
  /**
   * Bytes of encoded OTLP request bodies held right now, queued and in flight: the figure
   * `maxQueueBytes` bounds (past it, new items are dropped). Items not yet encoded are in `queued`
   * only. 0 when the client is not running.
   */
  readonly queuedBytes: number;
  /**
   * Spans the head sampler decided not to sample (never exported, never queued): apart from
   * `dropped`. Always 0 for metrics and logs.
   */
  readonly notSampled: number;
  /** Outcome of the latest export request. */
  readonly lastOutcome: 'none' | 'success' | 'retrying' | 'failed';
  /** Why the latest failed or retried request did so (never contains secrets). */
  readonly lastError: string | undefined;
}

/** Driven port: what the export pipeline has done so far. */
export interface StatusSource {
  exportStats(signal: SignalType): SignalExportStats;
}
