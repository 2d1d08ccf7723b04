import {
  AddSpanEventCommand,
  AggregateMetricsQuery,
  FlushTelemetryCommand,
  GetHealthQuery,
  GetLogsQuery,
  GetMetricQuery,
  GetSDKStatusQuery,
  GetTraceQuery,
  InitializeSDKCommand,
  ObserveInstrumentCommand,
  SearchTracesQuery,
  SetSpanAttributesCommand,
  SetSpanStatusCommand,
  ShutdownSDKCommand,
  UpdateSpanNameCommand,
  createSdk,
  dropStoppedItems,
  dropStoppedRecording,
} from '@telemetryflow/application';
import type {
  AggregatedMetricResult,
  GetLogsOptions,
  HealthQueryResult,
  LogsQueryResult,
  MetricQueryResult,
  ObservableCallback,
  ObservableKind,
  ObservableOptions,
  SDKStatus,
  SearchTracesOptions,
  Handler,
  RecordingCommand,
  Sdk,
  SdkQuery,
  SdkQueryResults,
  SdkRecorders,
  TimeRange,
  TraceCarrier,
  TraceQueryResult,
} from '@telemetryflow/application';
import {
  MAX_TIMER_MS,
  NotInitializedError,
  SeverityLevel,
  SpanKind,
  TelemetryFlowError,
} from '@telemetryflow/domain';
import type {
  Attributes,
  ExportTransportFactory,
  SignalType,
  SpanStatus,
  TelemetryConfig,
} from '@telemetryflow/domain';
import { baggageEntriesOf } from './baggage-entries.js';
import type { ClientOptions } from './client-options.js';
import { Diagnostics } from './engine/diagnostics.js';
import { onNaturalExit } from './engine/natural-exit.js';
import { OtelEngine } from './engine/otel-engine.js';
import { emitLogCommandOf } from './log-record.js';
import type { LogContext, LogRecordData } from './log-record.js';
import { resolveTransportFactory } from './transport-resolution.js';
import { SDK_VERSION } from './version.js';

/** What a refused observable registration returns: unregistering it does nothing. */
const NOOP = (): void => undefined;

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * `instanceof` alone misses errors from a transport loaded through `require` (the domain's CJS
 * build next to our ESM one): their stable `TF_` code identifies them too.
 */
const isTelemetryFlowError = (error: unknown): boolean => {
  if (error instanceof TelemetryFlowError) return true;
  const code: unknown = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('TF_');
};

type InspectFn = (value: unknown, options: unknown) => string;

/** The handler of a metric call, called with the call's arguments (see `#recordValue`). */
type MetricRecorder = SdkRecorders['RecordCounter' | 'RecordGauge' | 'RecordHistogram' | 'RecordMetric'];

const isPromiseLike = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as { then?: unknown } | null)?.then === 'function';

/**
 * A usable timeout: any number ≥ 0, clamped to the longest Node timer (so `Infinity` means "as long
 * as it takes"); anything else is the default.
 */
const timeoutOf = (timeoutMs: unknown): number =>
  typeof timeoutMs === 'number' && timeoutMs >= 0 ? Math.min(timeoutMs, MAX_TIMER_MS) : DEFAULT_TIMEOUT_MS;

/**
 * A timeout that reads like seconds: the Python SDK takes seconds, so `shutdown(30)` there is
 * `shutdown(30_000)` here.
 */
const looksLikeSeconds = (ms: number): boolean => ms > 0 && ms <= 60;

const SIGNAL_NAMES = [
  ['traces', 'spans'],
  ['logs', 'log records'],
  ['metrics', 'metric data points'],
] as const;

const UNITS_HINT = 'TelemetryFlow for Node takes milliseconds (the Python SDK takes seconds)';

/** A disabled client's transport: never called, since a disabled client never initializes. */
const noTransport: ExportTransportFactory = () => {
  throw new TelemetryFlowError('a disabled TelemetryFlow client has no transport', {
    code: 'TF_SDK_DISABLED',
  });
};

/**
 * The TelemetryFlow client: records metrics, logs and traces and exports them over OTLP.
 *
 * After `initialize()`, recording methods never throw for bad data: invalid input is dropped and
 * counted in `getStatus()`. Before the first `initialize()` they throw `NotInitializedError`, as in
 * the TelemetryFlow Python SDK; after `shutdown()` they are no-ops whose items are counted as dropped (an app
 * still serving while it shuts down must not fail), and `span()` still runs its callback. A client
 * made with `disabled: true` (`OTEL_SDK_DISABLED`) does nothing at all and never throws.
 *
 * @example
 * ```ts
 * const client = new TelemetryFlowBuilder().withAutoConfiguration().build().initialize();
 * client.incrementCounter('orders.created', 1, { region: 'eu' });
 * await client.span('checkout', SpanKind.SERVER, async () => {
 *   client.logInfo('charging card'); // correlated with the checkout span
 * });
 * await client.shutdown(); // or client.run(fn); `await using` needs TypeScript ≥ 5.2 or Node ≥ 24
 * ```
 */
export class TelemetryFlowClient {
  readonly #config: TelemetryConfig;
  readonly #options: ClientOptions;
  readonly #diagnostics: Diagnostics;
  readonly #engine: OtelEngine;
  readonly #sdk: Sdk;
  readonly #recorders: SdkRecorders;
  /** `options.disabled`: every method below is a no-op that never throws. */
  readonly #disabled: boolean;
  #cancelExitFlush: (() => void) | undefined;

  /**
   * @param config validated configuration (see `TelemetryFlowBuilder`)
   * @param options transport, global registration, diagnostics, disabled
   * @throws {BuilderError} when no transport is given and the protocol's package is not installed
   *   (not when disabled: a disabled client needs none)
   */
  constructor(config: TelemetryConfig, options: ClientOptions = {}) {
    this.#config = config;
    this.#options = options;
    this.#disabled = options.disabled === true;
    this.#diagnostics = new Diagnostics(options.onDiagnostic, { level: config.logLevel });
    this.#engine = new OtelEngine({
      transport:
        options.transport ?? (this.#disabled ? noTransport : resolveTransportFactory(config.protocol)),
      registerGlobal: options.registerGlobal ?? false,
      diagnostics: this.#diagnostics,
    });
    const e = this.#engine;
    const diagnostics = this.#diagnostics;
    this.#sdk = createSdk(
      {
        lifecycle: e,
        metrics: e,
        tracing: e,
        logging: e,
        status: e,
        read: options.read,
        reportInvalid: (signal, reason) => diagnostics.reportInvalid(signal, reason),
      },
      config,
      SDK_VERSION,
      { disabled: this.#disabled },
    );
    this.#recorders = this.#sdk.recorders;
  }

  get config(): TelemetryConfig {
    return this.#config;
  }

  /** The options the client was made with (transport, global registration, diagnostics). */
  get options(): ClientOptions {
    return this.#options;
  }

  /**
   * Starts the engine (providers, export pipeline, transport). Safe to call twice; allowed again
   * after `shutdown()`. Returns the client, so `await using c = builder.build().initialize()` works.
   * A disabled client starts nothing (no transport, timers or exit hook) and stays not initialized.
   * @throws {TelemetryFlowError} when the engine cannot start (e.g. the transport factory throws)
   */
  initialize(): this {
    if (this.#disabled) return this;
    try {
      this.#sdk.commands.dispatch(new InitializeSDKCommand(this.#config));
    } catch (error) {
      if (isTelemetryFlowError(error)) throw error;
      throw new TelemetryFlowError(
        `Failed to initialize SDK: ${String((error as Error)?.message ?? error)}`,
        {
          code: 'TF_INITIALIZE_FAILED',
          cause: error,
        },
      );
    }
    const { timeoutMs, exitFlushTimeoutMs } = this.#config;
    if (exitFlushTimeoutMs > 0 && this.#cancelExitFlush === undefined) {
      this.#cancelExitFlush = onNaturalExit(() => this.#exitFlush(exitFlushTimeoutMs));
    }
    if (looksLikeSeconds(timeoutMs)) {
      this.#diagnostics.report(
        'TF_TIMEOUT_UNITS',
        `timeoutMs is ${timeoutMs} ms: ${UNITS_HINT}; for ${timeoutMs} s use ${timeoutMs * 1000}`,
        'timeout-units:config',
      );
    }
    return this;
  }

  /**
   * Exports what is pending, then stops, within `timeoutMs` whatever the collector does; what
   * could not be sent by then is counted as dropped. A no-op when not running. Never rejects.
   */
  async shutdown(timeoutMs: number = DEFAULT_TIMEOUT_MS): Promise<void> {
    if (this.#disabled) return;
    this.#cancelExitFlush?.();
    this.#cancelExitFlush = undefined;
    try {
      const timeout = timeoutOf(timeoutMs);
      if (this.isInitialized()) this.#checkUnits('shutdown', timeout);
      await this.#sdk.commands.dispatch(new ShutdownSDKCommand(timeout));
    } catch (error) {
      this.#diagnostics.report('TF_SHUTDOWN_FAILED', `shutdown failed: ${String(error)}`);
    }
  }

  /**
   * Exports what is pending, within `timeoutMs` (what is still retrying stays queued). A no-op
   * after `shutdown()`, and when disabled.
   * @throws {NotInitializedError} (as a rejection) before the first `initialize()`, unless disabled
   */
  async flush(timeoutMs: number = DEFAULT_TIMEOUT_MS): Promise<void> {
    if (this.#disabled) return;
    this.#requireStarted();
    if (!this.isInitialized()) return;
    const timeout = timeoutOf(timeoutMs);
    this.#checkUnits('flush', timeout);
    await this.#sdk.commands.dispatch(new FlushTelemetryCommand(timeout));
  }

  isInitialized(): boolean {
    return this.#sdk.state.initialized;
  }

  /** Adds `value` (≥ 0, default 1) to a monotonic counter. */
  incrementCounter(name: string, value = 1, attributes?: Attributes): void {
    this.#recordValue(this.#recorders.RecordCounter, name, value, '', attributes);
  }

  /** Sets a gauge: the last value recorded in an export interval is exported. */
  recordGauge(name: string, value: number, attributes?: Attributes): void {
    this.#recordValue(this.#recorders.RecordGauge, name, value, '', attributes);
  }

  /**
   * Records a value (≥ 0) into a histogram. The first use of a name sets its unit (`'s'` gets
   * second-scale buckets); a later call with another unit is dropped and counted as invalid, one
   * without a unit records into the first's.
   */
  recordHistogram(name: string, value: number, unit = '', attributes?: Attributes): void {
    this.#recordValue(this.#recorders.RecordHistogram, name, value, unit, attributes);
  }

  /** Records a generic metric value: a gauge with a unit, set by the first use of the name (as for histograms). */
  recordMetric(name: string, value: number, unit = '', attributes?: Attributes): void {
    this.#recordValue(this.#recorders.RecordMetric, name, value, unit, attributes);
  }

  /**
   * Registers a callback that reports current values (a queue's depth, a pool's size) at each
   * metric collection (every `metricExportIntervalMs`, and on `flush()`), as an OpenTelemetry
   * observable gauge. A series the callback stops observing stops being exported (metrics SDK
   * specification), so a deleted queue does not keep its last depth. Returns the function that
   * unregisters it. May be called before `initialize()`; registrations hold across `shutdown()`
   * and a new `initialize()`. Never throws: a refused registration (invalid name, name of another
   * kind of instrument, metrics off) returns a no-op and is counted as invalid input, like an
   * invalid observation or a callback that throws.
   */
  observeGauge(name: string, callback: ObservableCallback, options?: ObservableOptions): () => void {
    return this.#observe('gauge', name, callback, options);
  }

  /**
   * Like {@link observeGauge}, for a monotonic total the callback reads from elsewhere (bytes read
   * by a disk, CPU seconds): it observes the total so far (≥ 0), not an increment. Exported as a
   * monotonic sum, delta or cumulative as `metricTemporalityPreference` says.
   */
  observeCounter(name: string, callback: ObservableCallback, options?: ObservableOptions): () => void {
    return this.#observe('counter', name, callback, options);
  }

  /** Like {@link observeCounter}, for a total that may go down (open connections); always cumulative. */
  observeUpDownCounter(name: string, callback: ObservableCallback, options?: ObservableOptions): () => void {
    return this.#observe('upDownCounter', name, callback, options);
  }

  /**
   * Emits an OTLP log record, correlated with the active span. `message` may be an `Error`: its
   * message is the body. With an `Error` as the message or as `error`, the record also carries
   * `exception.type` (the class name), `exception.message` and `exception.stacktrace`, as the
   * OpenTelemetry semantic conventions for exceptions in logs name them, and `error.type` for an
   * error's `code` (see `exceptionAttributes` in `@telemetryflow/application`); `attributes` you
   * pass win over them.
   * @example
   * ```ts
   * client.logError(err); // body: err.message, with exception.type, exception.stacktrace
   * client.logError('charge failed', { 'order.id': id }, err);
   * ```
   */
  log(
    message: string | Error,
    severity: SeverityLevel = SeverityLevel.INFO,
    attributes?: Attributes,
    error?: unknown,
  ): void {
    // As the metric and span calls: the handler's method, without a command object (issue #22).
    if (!this.#running('logs')) return;
    try {
      this.#recorders.EmitLog.emit(message, severity, attributes, undefined, undefined, error);
    } catch (failure) {
      this.#failedInside('EmitLog', failure);
    }
  }

  logTrace(message: string | Error, attributes?: Attributes, error?: unknown): void {
    this.log(message, SeverityLevel.TRACE, attributes, error);
  }

  logDebug(message: string | Error, attributes?: Attributes, error?: unknown): void {
    this.log(message, SeverityLevel.DEBUG, attributes, error);
  }

  logInfo(message: string | Error, attributes?: Attributes, error?: unknown): void {
    this.log(message, SeverityLevel.INFO, attributes, error);
  }

  logWarn(message: string | Error, attributes?: Attributes, error?: unknown): void {
    this.log(message, SeverityLevel.WARN, attributes, error);
  }

  logError(message: string | Error, attributes?: Attributes, error?: unknown): void {
    this.log(message, SeverityLevel.ERROR, attributes, error);
  }

  logFatal(message: string | Error, attributes?: Attributes, error?: unknown): void {
    this.log(message, SeverityLevel.FATAL, attributes, error);
  }

  /**
   * Emits a log record from another logger (what the pino and winston bridges call): the source's
   * severity number and text, time and attributes, correlated with the span active in `context`
   * (from `captureLogContext()` at the log call) or, without it, the active span now. A record
   * logged while the SDK reports a diagnostic (your `withDiagnostics` handler, or a listener of the
   * process warnings it prints, logging it) is not sent: that would send the SDK's own diagnostics
   * back to the collector, and could loop. Unusable fields get their defaults.
   * @throws {NotInitializedError} before the first `initialize()`, as the other recording methods
   */
  emitLog(record: LogRecordData): void {
    if (this.#disabled) return;
    const command = emitLogCommandOf(record, () => this.#engine.captureContext());
    if (command !== undefined) this.#record(this.#recorders.EmitLog, command);
  }

  /**
   * The context of a log call, for a log record emitted later with `emitLog({ …, context })`: a
   * bridge whose logger may deliver the record after the call returned (winston, behind a slow
   * transport) captures it in the call. Cheap (no copy); works whether or not the client is running.
   */
  captureLogContext(): LogContext {
    return this.#engine.captureContext() as unknown as LogContext;
  }

  /**
   * Starts a span, child of the active span, and returns its 16-hex OpenTelemetry span id
   * (`''` when traces are disabled or the input is unusable: span calls given `''` do nothing).
   * The span is not made active; use `span()` for that.
   */
  startSpan(name: string, kind: SpanKind = SpanKind.INTERNAL, attributes?: Attributes): string {
    if (!this.#running('traces')) return '';
    try {
      return this.#recorders.StartSpan.start(name, kind, attributes, undefined);
    } catch (error) {
      this.#failedInside('StartSpan', error);
      return '';
    }
  }

  /** Ends a span; with `error` (not `undefined` or `null`), its status is ERROR and the exception is recorded. */
  endSpan(spanId: string, error?: unknown): void {
    if (!this.#running(undefined)) return;
    try {
      this.#recorders.EndSpan.end(spanId, error === undefined || error === null ? undefined : { error });
    } catch (error) {
      this.#failedInside('EndSpan', error);
    }
  }

  addSpanEvent(spanId: string, name: string, attributes?: Attributes): void {
    this.#record(this.#recorders.AddSpanEvent, new AddSpanEventCommand(spanId, name, attributes));
  }

  /** Sets attributes on an open span (e.g. a status code known only at the end). */
  setSpanAttributes(spanId: string, attributes: Attributes): void {
    this.#record(this.#recorders.SetSpanAttributes, new SetSpanAttributesCommand(spanId, attributes));
  }

  /** Renames an open span (e.g. `GET /users/:id` once the route is matched). */
  updateSpanName(spanId: string, name: string): void {
    this.#record(this.#recorders.UpdateSpanName, new UpdateSpanNameCommand(spanId, name));
  }

  /**
   * Sets an open span's status (`'unset' | 'ok' | 'error'`, message only with error);
   * `endSpan` without an error then keeps it instead of setting OK.
   */
  setSpanStatus(spanId: string, status: SpanStatus, message?: string): void {
    this.#record(this.#recorders.SetSpanStatus, new SetSpanStatusCommand(spanId, status, message));
  }

  /**
   * Runs `fn` with an open span (from `startSpan`) as the active context: spans and logs made in
   * it, also after `await`, are its children. Unlike `span()`, it does not end the span. With an
   * unknown or empty id, `fn` just runs. Works whether or not the client is running.
   */
  withActiveSpan<T>(spanId: string, fn: () => T): T {
    if (this.#disabled) return fn();
    return this.#engine.withActiveSpan(spanId, fn);
  }

  /**
   * Runs `fn` in the context carried by incoming headers, as `config.propagators` says (default
   * W3C `traceparent` + `tracestate`, and `baggage`): spans started inside continue the caller's
   * trace, `getBaggage()` inside returns the caller's baggage. Malformed headers are ignored.
   * Works whether or not the client is running; when disabled, just runs `fn`.
   */
  withTraceContext<T>(headers: TraceCarrier, fn: () => T): T {
    if (this.#disabled) return fn();
    return this.#engine.withExtractedContext(headers, fn);
  }

  /**
   * Writes the active trace context into `headers` (W3C `traceparent`, `tracestate`, `baggage`): the
   * active span is the parent the receiver sees. Each outgoing request should have its own parent
   * id, so for onward calls use @telemetryflow/instrumentation-http (a CLIENT span per request), or
   * call this inside a CLIENT span per request.
   *
   * @example
   * client.span('GET inventory', SpanKind.CLIENT, () => {
   *   const headers: Record<string, string> = {};
   *   client.injectTraceContext(headers);
   *   return fetch(url, { headers });
   * });
   */
  injectTraceContext(headers: Record<string, string>): void {
    if (this.#disabled) return;
    this.#engine.injectContext(headers);
  }

  /**
   * The W3C Baggage entries of the active context (`{ key: value }`): those a caller sent in its
   * `baggage` header (see `withTraceContext`) plus those added with `withBaggage`. `{}` when there
   * are none, or when disabled. Works whether or not the client is running; never throws.
   */
  getBaggage(): Readonly<Record<string, string>> {
    if (this.#disabled) return {};
    return this.#engine.getBaggage();
  }

  /** One entry of `getBaggage()`: its value, or `undefined` when the active baggage has no `key`. */
  getBaggageEntry(key: string): string | undefined {
    const entries = this.getBaggage();
    return typeof key === 'string' && Object.hasOwn(entries, key) ? entries[key] : undefined;
  }

  /**
   * Runs `fn` with the active baggage plus `entries` (an entry replaces one with the same key), and
   * returns what it returns: `injectTraceContext` and @telemetryflow/instrumentation-http inside
   * send them on in the `baggage` header (when `config.propagators` has `baggage`). Entries are not
   * added to spans or logs. Keys must be W3C tokens (letters, digits and ``!#$%&'*+-.^_`|~``);
   * values are any strings, percent-encoded when sent, at most 4096 characters encoded with their
   * key. A bad entry is dropped, counted in `getStatus().signals.traces.invalid` and reported as
   * `TF_INVALID_INPUT`; the others apply. Works whether or not the client is running; when
   * disabled, just runs `fn`.
   *
   * @example
   * client.withBaggage({ tenant: 'acme' }, () => fetch(url)); // sends `baggage: tenant=acme`
   */
  withBaggage<T>(entries: Readonly<Record<string, string>>, fn: () => T): T {
    if (this.#disabled) return fn();
    const { valid, problems } = baggageEntriesOf(entries);
    for (const problem of problems) this.#sdk.stats.reject('traces', problem);
    return this.#engine.withBaggage(valid, fn);
  }

  /**
   * `true` where instrumentation must record nothing: while the SDK exports (its transports run
   * with OpenTelemetry's `suppressTracing`, so telemetry never traces its own exports) and wherever
   * an application turned `suppressTracing` on. Outgoing-call instrumentations check it per call.
   */
  isTracingSuppressed(): boolean {
    return this.#engine.isTracingSuppressed();
  }

  /**
   * Runs `fn` inside a new span: spans and logs made in it (also after `await`) are its children.
   * The span ends when `fn` returns or its promise settles; a throw or rejection marks it ERROR
   * and is rethrown. Returns what `fn` returns. When disabled, just runs `fn('')`.
   */
  span<T>(name: string, fn: (spanId: string) => T): T;
  span<T>(name: string, kind: SpanKind, fn: (spanId: string) => T): T;
  span<T>(name: string, kind: SpanKind, attributes: Attributes | undefined, fn: (spanId: string) => T): T;
  // Three optional parameters rather than `...rest`: no array per call, on the hot path (issue #22).
  span<T>(name: string, a?: unknown, b?: unknown, c?: unknown): T {
    const fn = c !== undefined ? c : b !== undefined ? b : a;
    if (typeof fn !== 'function') throw new TypeError('span() needs a callback as its last argument');
    if (this.#disabled) return (fn as (id: string) => T)('');
    const kind = fn === a ? undefined : (a as SpanKind | undefined);
    const attributes = fn === c ? (b as Attributes | undefined) : undefined;
    const spanId = this.startSpan(name, kind, attributes);
    let result: unknown;
    try {
      result = this.#engine.withActiveSpan(spanId, () => (fn as (id: string) => unknown)(spanId), true);
    } catch (error) {
      this.#end(spanId, { error });
      throw error;
    }
    if (!isPromiseLike(result)) {
      this.#end(spanId, undefined);
      return result as T;
    }
    return Promise.resolve(result).then(
      (value) => {
        this.#end(spanId, undefined);
        return value;
      },
      (error: unknown) => {
        this.#end(spanId, { error });
        throw error;
      },
    ) as T;
  }

  /** Status with the TelemetryFlow Python SDK's keys, plus per-signal recording and export accounting. Works any time. */
  getStatus(): SDKStatus {
    return this.#sdk.queries.dispatch(new GetSDKStatusQuery());
  }

  /** Healthy / degraded / unhealthy, from the latest export outcome of each signal. */
  getHealth(includeComponents = true): HealthQueryResult {
    return this.#sdk.queries.dispatch(new GetHealthQuery(includeComponents));
  }

  // The read side: answered by `options.read` (see @telemetryflow/testing). Each method validates its
  // query, rejecting with `InvalidQueryError`, and rejects with `TF_NO_READ_PORT` without a read port.
  // They work whether or not the client is running, and when disabled.

  /**
   * One trace: its spans in start order, a parent before its children (ids lowercase hex, times
   * epoch ms), and its duration; `undefined` when the store has no span of it.
   * @param traceId 32 hex digits, any case
   */
  getTrace(traceId: string): Promise<TraceQueryResult | undefined> {
    return this.#query(() => new GetTraceQuery(traceId));
  }

  /**
   * Traces with a span matching `serviceName`, `operationName` (span name) and `attributes`, started
   * in `[startTime, endTime]` (epoch ms) and lasting `minDurationMs` to `maxDurationMs`: at most
   * `limit` (default 100, at most 1000), most recent first.
   */
  searchTraces(options: SearchTracesOptions = {}): Promise<readonly TraceQueryResult[]> {
    return this.#query(() => new SearchTracesQuery(options));
  }

  /**
   * A metric's current value from its latest export (counter: total; gauge: last value; histogram:
   * sum of recorded values), over its series matching `attributes`; `undefined` when none does.
   */
  getMetric(name: string, attributes?: Attributes): Promise<MetricQueryResult | undefined> {
    return this.#query(() => new GetMetricQuery(name, attributes));
  }

  /**
   * min / max / sum / count / avg of a metric's values in `range` (epoch ms, inclusive; default: all),
   * over its series matching `attributes`; `undefined` when no value falls in it. What a "value" is
   * per instrument is the read port's to say (@telemetryflow/testing: docs/TESTING.md).
   */
  aggregateMetrics(
    name: string,
    range?: TimeRange,
    attributes?: Attributes,
  ): Promise<AggregatedMetricResult | undefined> {
    return this.#query(() => new AggregateMetricsQuery(name, range, attributes));
  }

  /**
   * Log records matching `severity` (exactly), `traceId`, `text` (contained in the message),
   * `attributes` and the time range, oldest first: one page of `limit` (default 100, at most 1000)
   * after `offset` (default 0), with the total count and whether more follow.
   */
  getLogs(options: GetLogsOptions = {}): Promise<LogsQueryResult> {
    return this.#query(() => new GetLogsQuery(options));
  }

  /** Initializes, runs `fn`, then shuts down (also when `fn` throws): the seed's `with client:`. */
  async run<T>(fn: (client: this) => T | Promise<T>, shutdownTimeoutMs?: number): Promise<T> {
    this.initialize();
    try {
      return await fn(this);
    } finally {
      await this.shutdown(shutdownTimeoutMs);
    }
  }

  /**
   * `await using client = builder.build().initialize()` shuts the client down at scope exit
   * (TypeScript ≥ 5.2, or Node ≥ 24: Node 20 JavaScript has no `await using`; use `run()` there).
   */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.shutdown();
  }

  toString(): string {
    const state = this.#disabled ? 'disabled' : this.isInitialized() ? 'initialized' : 'not initialized';
    return `TelemetryFlowClient(service=${this.#config.serviceName}, ${state})`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](_depth: number, options: unknown, inspect: InspectFn): string {
    return `${this.toString()} ${inspect({ config: this.#config }, options)}`;
  }

  /**
   * The shutdown run when the process is about to exit naturally (`exitFlushTimeoutMs`): what is
   * pending is sent within the budget; what could not be is reported once.
   */
  async #exitFlush(budgetMs: number): Promise<void> {
    const droppedBefore = this.#droppedPerSignal();
    await this.shutdown(budgetMs);
    const droppedAfter = this.#droppedPerSignal();
    const lost = SIGNAL_NAMES.map(
      ([signal, what]) => [droppedAfter[signal] - droppedBefore[signal], what] as const,
    ).filter(([count]) => count > 0);
    if (lost.length === 0) return;
    this.#diagnostics.report(
      'TF_EXIT_DROPPED',
      `${lost.map(([count, what]) => `${count} ${what}`).join(', ')} not sent before the process exited ` +
        `(exit flush budget ${budgetMs} ms: withExitFlush() / TELEMETRYFLOW_EXIT_FLUSH_TIMEOUT)`,
    );
  }

  #droppedPerSignal(): Record<SignalType, number> {
    const { signals } = this.getStatus();
    return { traces: signals.traces.dropped, logs: signals.logs.dropped, metrics: signals.metrics.dropped };
  }

  /** Reports (once per client) a `flush()` / `shutdown()` timeout that reads like seconds. */
  #checkUnits(call: 'flush' | 'shutdown', timeoutMs: number): void {
    if (!looksLikeSeconds(timeoutMs)) return;
    this.#diagnostics.report(
      'TF_TIMEOUT_UNITS',
      `${call}(${timeoutMs}) waits ${timeoutMs} ms: ${UNITS_HINT}; for ${timeoutMs} s use ${call}(${timeoutMs * 1000})`,
      'timeout-units:call',
    );
  }

  /** Reports a call that threw inside the SDK (our bug): the call is dropped, the application runs on. */
  #failedInside(what: string, error: unknown): void {
    this.#diagnostics.report('TF_INTERNAL_ERROR', `${what} failed inside the SDK: ${String(error)}`);
  }

  /** Before the first `initialize()`, as in the TelemetryFlow Python SDK. */
  #requireStarted(): void {
    if (!this.#sdk.state.hasRun) throw new NotInitializedError();
  }

  #observe(
    kind: ObservableKind,
    name: string,
    callback: ObservableCallback,
    options: ObservableOptions | undefined,
  ): () => void {
    if (this.#disabled) return NOOP;
    try {
      return this.#sdk.commands.dispatch(new ObserveInstrumentCommand(kind, name, callback, options)) ?? NOOP;
    } catch (error) {
      this.#failedInside('ObserveInstrument', error);
      return NOOP;
    }
  }

  /**
   * Runs a recording command on its handler, not through the command bus: the bus's lookup is a cost
   * on every call, and the handler validates and counts the same either way. Throws only before the
   * first `initialize()`, never for the data; after `shutdown()` the command is not run and its items
   * are counted as dropped.
   */
  #record<C extends RecordingCommand, R>(handler: Handler<C, R>, command: C): R | undefined {
    if (this.#disabled) return undefined;
    if (!this.#sdk.state.initialized) {
      this.#requireStarted();
      dropStoppedRecording(this.#sdk, command);
      return undefined;
    }
    try {
      return handler.handle(command);
    } catch (error) {
      this.#failedInside(command.type, error);
      return undefined;
    }
  }

  /**
   * Whether a recording call made without a command object runs: `false` when disabled, and after
   * `shutdown()`, where the item it would have added to `signal` is counted as dropped (as
   * {@link #record} does). Throws only before the first `initialize()`.
   */
  #running(signal: SignalType | undefined): boolean {
    if (this.#disabled) return false;
    if (this.#sdk.state.initialized) return true;
    this.#requireStarted();
    if (signal !== undefined) dropStoppedItems(this.#sdk, signal);
    return false;
  }

  /** {@link #record} for a metric call, with the command's fields as arguments (no command object). */
  #recordValue(
    recorder: MetricRecorder,
    name: string,
    value: number,
    unit: string,
    attributes: Attributes | undefined,
  ): void {
    if (!this.#running('metrics')) return;
    try {
      recorder.recordValue(name, value, unit, attributes);
    } catch (error) {
      this.#failedInside('a metric call', error);
    }
  }

  /** Builds a read query (validating it) and dispatches it; every failure is a rejection. */
  async #query<Q extends SdkQuery>(make: () => Q): Promise<Awaited<SdkQueryResults[Q['type']]>> {
    if (this.#options.read === undefined) {
      throw new TelemetryFlowError(
        'No read port: the query methods answer from ClientOptions.read (a TelemetryReadPort); ' +
          "in tests use createTestClient() from '@telemetryflow/testing'",
        { code: 'TF_NO_READ_PORT' },
      );
    }
    return await this.#sdk.queries.dispatch(make());
  }

  /**
   * Ends a span from `span()`, failed when `failure` is given whatever was thrown (`undefined`
   * too): also after a concurrent shutdown, where it is a no-op.
   */
  #end(spanId: string, failure: { readonly error: unknown } | undefined): void {
    try {
      this.#recorders.EndSpan.end(spanId, failure);
    } catch {
      // Never let ending a span mask the callback's own outcome.
    }
  }
}
