import { randomUUID } from 'node:crypto';
import { createNoopMeter } from '@opentelemetry/api';
import type { Context, MeterProvider as ApiMeterProvider } from '@opentelemetry/api';
import { createNoopLogger } from '@opentelemetry/api-logs';
import type { LoggerProvider as ApiLoggerProvider } from '@opentelemetry/api-logs';
import type { Resource } from '@opentelemetry/resources';
import type { LoggerProvider } from '@opentelemetry/sdk-logs';
import type { MeterProvider } from '@opentelemetry/sdk-metrics';
import type { TracerProvider } from '@opentelemetry/sdk-trace';
import type {
  BaggagePort,
  CleanAttributes,
  LifecyclePort,
  LogRecordInput,
  LoggingPort,
  MetricInstrument,
  MetricInstrumentKind,
  MetricsPort,
  ObservableRegistration,
  SignalExportStats,
  SpanFailure,
  SpanStart,
  StatusSource,
  TraceCarrier,
  TracingPort,
} from '@telemetryflow/application';
import { MAX_TIMER_MS } from '@telemetryflow/domain';
import type {
  ExportTransport,
  ExportTransportFactory,
  SignalType,
  SpanStatus,
  TelemetryConfig,
} from '@telemetryflow/domain';
import { SDK_VERSION } from '../version.js';
import { activeContext, ensureContextManager } from './context-manager.js';
import type { Diagnostics } from './diagnostics.js';
import { ExportPipeline } from './export/export-pipeline.js';
import { ExportStats } from './export/export-stats.js';
import { registerGlobally } from './global-registration.js';
import { LoggingAdapter } from './logging-adapter.js';
import { ExemplarStore } from './exemplars.js';
import { MetricsAdapter, SECONDS_BUCKETS } from './metrics-adapter.js';
import { createLoggerProvider, createMeterProvider, createTracerProvider } from './providers.js';
import { createResource } from './resource.js';
import { SpanRegistry } from './span-registry.js';
import { TracePropagation } from './trace-propagation.js';
import { TracingAdapter } from './tracing-adapter.js';

/** Spans started with `startSpan` and not ended yet, at most; beyond, new ones are refused and counted. */
export const MAX_OPEN_SPANS = 10_000;
const SCOPE = '@telemetryflow/client';

export interface EngineOptions {
  readonly transport: ExportTransport | ExportTransportFactory;
  readonly registerGlobal: boolean;
  readonly diagnostics: Diagnostics;
}

/**
 * One initialize…shutdown lifetime: its providers, adapters and pipeline. The metrics and logs
 * providers (and their adapters) are created at the first use of their signal (see
 * `OtelEngine.#metricsOf` / `#loggingOf`): `undefined` until then.
 */
interface Generation {
  readonly config: TelemetryConfig;
  readonly resource: Resource;
  readonly tracerProvider: TracerProvider;
  meterProvider: MeterProvider | undefined;
  loggerProvider: LoggerProvider | undefined;
  readonly pipeline: ExportPipeline;
  readonly spans: SpanRegistry;
  metrics: MetricsAdapter | undefined;
  readonly tracing: TracingAdapter;
  logging: LoggingAdapter | undefined;
  unregister: () => void;
}

/**
 * Keeps the process alive until `release()` (or `ms`): the export pipeline's own timers never
 * hold it open, so without this an awaited `flush()` / `shutdown()` could see the process end
 * (an unsettled top-level await) while it waits for a retry or a rate-limit token.
 */
const holdOpen = (ms: number): (() => void) => {
  const timer = setTimeout(() => undefined, Math.min(ms + 1_000, MAX_TIMER_MS));
  return () => clearTimeout(timer);
};

const within = async (work: Promise<unknown>, deadlineAt: number): Promise<void> => {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, Math.max(0, deadlineAt - performance.now()));
    timer.unref();
  });
  try {
    await Promise.race([
      work.then(
        () => undefined,
        () => undefined,
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
};

/**
 * Longest the first exports wait for detected resource values that come later (`host.id`,
 * `container.id`), in ms; past it they go without them.
 */
const RESOURCE_WAIT_MS = 2_000;

/**
 * The engine: implements the application's ports on the OpenTelemetry JS SDK. Each client has
 * its own providers (not the process globals, unless asked) and its own export pipeline; it can
 * be initialized again after shutdown.
 */
export class OtelEngine
  implements LifecyclePort, StatusSource, MetricsPort, TracingPort, BaggagePort, LoggingPort
{
  readonly #options: EngineOptions;
  readonly #stats = new ExportStats();
  readonly #instanceId = randomUUID();
  // The defaults until initialize() brings the config's propagators (kept after shutdown).
  #propagation = new TracePropagation();
  #gen: Generation | undefined;
  /** Observable registrations, with their unregister in the running generation (they outlive it). */
  readonly #observables = new Map<ObservableRegistration, (() => void) | undefined>();

  constructor(options: EngineOptions) {
    this.#options = options;
  }

  initialize(config: TelemetryConfig): void {
    if (this.#gen !== undefined) return;
    const source = this.#options.transport;
    const diagnostics = this.#options.diagnostics;
    const context = {
      report: (code: string, message: string) => diagnostics.report(code, message),
      clear: (code: string) => diagnostics.clear(code),
    };
    const transport = typeof source === 'function' ? source(config, context) : source;
    const resource = createResource(config, this.#instanceId);
    // Bounded: a detector that never answers must not hold every export back.
    const resourceReady = resource.asyncAttributesPending
      ? Promise.race([
          resource.waitForAsyncAttributes?.().catch(() => undefined),
          new Promise<void>((resolve) => setTimeout(resolve, RESOURCE_WAIT_MS).unref()),
        ])
      : undefined;
    const pipeline = new ExportPipeline(
      config,
      transport,
      this.#stats,
      this.#options.diagnostics,
      resourceReady,
    );
    ensureContextManager();
    const tracerProvider = createTracerProvider(config, pipeline, resource);
    const spans = new SpanRegistry(MAX_OPEN_SPANS);
    this.#propagation = new TracePropagation(config.propagators);
    const gen: Generation = {
      config,
      resource,
      tracerProvider,
      meterProvider: undefined,
      loggerProvider: undefined,
      pipeline,
      spans,
      metrics: undefined,
      tracing: new TracingAdapter(
        tracerProvider.getTracer(SCOPE, SDK_VERSION),
        spans,
        config.spanLimits.attributeValueLengthLimit,
      ),
      logging: undefined,
      unregister: () => undefined,
    };
    this.#gen = gen;
    if (this.#options.registerGlobal) {
      // The global meter and logger providers stand in for this generation's, which they create
      // when an instrumentation first asks them for a meter or a logger.
      const meterProvider: ApiMeterProvider = {
        getMeter: (name, version, options) =>
          this.#meterProviderOf(gen)?.getMeter(name, version, options) ?? createNoopMeter(),
      };
      const loggerProvider: ApiLoggerProvider = {
        getLogger: (name, version, options) =>
          this.#gen === gen
            ? this.#loggerProviderOf(gen).getLogger(name, version, options)
            : createNoopLogger(),
      };
      gen.unregister = registerGlobally(
        {
          tracerProvider: config.enableTraces ? tracerProvider : undefined,
          meterProvider: config.enableMetrics ? meterProvider : undefined,
          loggerProvider: config.enableLogs ? loggerProvider : undefined,
        },
        { propagators: config.propagators, logLevel: config.logLevel },
      );
    }
    for (const registration of this.#observables.keys()) {
      this.#observables.set(registration, this.#metricsOf(gen).observe(registration));
    }
  }

  /**
   * The generation's meter provider, created at the first use of metrics (with the exemplar store
   * its reader and the metrics adapter share); `undefined` when metrics are off or `gen` is over.
   */
  #meterProviderOf(gen: Generation): MeterProvider | undefined {
    if (gen.meterProvider === undefined && gen.config.enableMetrics && this.#gen === gen) {
      const { config } = gen;
      const exemplars =
        config.enableExemplars && config.exemplarFilter !== 'always_off'
          ? new ExemplarStore(config, SCOPE, SECONDS_BUCKETS)
          : undefined;
      gen.meterProvider = createMeterProvider(config, gen.pipeline, gen.resource, exemplars);
      gen.metrics = new MetricsAdapter(gen.meterProvider.getMeter(SCOPE, SDK_VERSION), exemplars);
    }
    return gen.meterProvider;
  }

  /** The generation's metrics adapter, created at the first measurement or observable registration. */
  #metricsOf(gen: Generation): MetricsAdapter {
    if (gen.metrics === undefined) {
      this.#meterProviderOf(gen);
      // Metrics off: measurements go to a no-op meter.
      gen.metrics ??= new MetricsAdapter(createNoopMeter());
    }
    return gen.metrics;
  }

  /** The generation's logger provider, created at the first use of logs. */
  #loggerProviderOf(gen: Generation): LoggerProvider {
    gen.loggerProvider ??= createLoggerProvider(gen.config, gen.pipeline, gen.resource);
    return gen.loggerProvider;
  }

  /** The generation's logging adapter, created at the first log record. */
  #loggingOf(gen: Generation): LoggingAdapter {
    gen.logging ??= new LoggingAdapter(this.#loggerProviderOf(gen).getLogger(SCOPE, SDK_VERSION), gen.spans);
    return gen.logging;
  }

  /** Providers hand over what they hold, the pipeline sends it until the deadline, then stops. */
  async shutdown(timeoutMs: number): Promise<void> {
    const gen = this.#gen;
    if (gen === undefined) return;
    this.#gen = undefined;
    for (const registration of this.#observables.keys()) this.#observables.set(registration, undefined);
    const deadlineAt = performance.now() + timeoutMs;
    const release = holdOpen(timeoutMs);
    try {
      await this.#shutdownGeneration(gen, timeoutMs, deadlineAt);
    } finally {
      release();
    }
  }

  async #shutdownGeneration(gen: Generation, timeoutMs: number, deadlineAt: number): Promise<void> {
    gen.unregister();
    // Sampled spans never ended can never be exported: count them as dropped, like unsent ones.
    this.#stats.of('traces').dropped += gen.tracing.abandonOpenSpans();
    await within(
      Promise.allSettled([
        gen.tracerProvider.shutdown(),
        gen.loggerProvider?.shutdown(),
        gen.meterProvider?.shutdown({ timeoutMillis: Math.max(1, timeoutMs) }),
      ]),
      deadlineAt,
    );
    await gen.pipeline.shutdown(deadlineAt);
  }

  async flush(timeoutMs: number): Promise<void> {
    const gen = this.#gen;
    if (gen === undefined) return;
    const deadlineAt = performance.now() + timeoutMs;
    const release = holdOpen(timeoutMs);
    try {
      await within(
        gen.meterProvider?.forceFlush({ timeoutMillis: Math.max(1, timeoutMs) }) ?? Promise.resolve(),
        deadlineAt,
      );
      await gen.pipeline.flush(AbortSignal.timeout(Math.max(1, Math.ceil(deadlineAt - performance.now()))));
    } finally {
      release();
    }
  }

  exportStats(signal: SignalType): SignalExportStats {
    return this.#stats.snapshot(signal, this.#gen?.pipeline[signal].heldBytes ?? 0);
  }

  // Recording ports: the application only calls them while running; outside that, no-ops.

  instrument(kind: MetricInstrumentKind, name: string, unit: string): MetricInstrument | undefined {
    const gen = this.#gen;
    return gen === undefined ? undefined : this.#metricsOf(gen).instrument(kind, name, unit);
  }

  observe(registration: ObservableRegistration): (() => void) | undefined {
    const gen = this.#gen;
    const inGeneration = gen === undefined ? undefined : this.#metricsOf(gen).observe(registration);
    if (gen !== undefined && inGeneration === undefined) return undefined;
    this.#observables.set(registration, inGeneration);
    return () => {
      this.#observables.get(registration)?.();
      this.#observables.delete(registration);
    };
  }

  startSpan(span: SpanStart): string | undefined {
    return this.#gen?.tracing.startSpan(span);
  }

  endSpan(spanId: string, failure: SpanFailure | undefined): boolean {
    return this.#gen?.tracing.endSpan(spanId, failure) ?? false;
  }

  addSpanEvent(spanId: string, name: string, attributes: CleanAttributes | undefined): boolean {
    return this.#gen?.tracing.addSpanEvent(spanId, name, attributes) ?? false;
  }

  setSpanAttributes(spanId: string, attributes: CleanAttributes): boolean {
    return this.#gen?.tracing.setSpanAttributes(spanId, attributes) ?? false;
  }

  updateSpanName(spanId: string, name: string): boolean {
    return this.#gen?.tracing.updateSpanName(spanId, name) ?? false;
  }

  setSpanStatus(spanId: string, status: SpanStatus, message: string | undefined): boolean {
    return this.#gen?.tracing.setSpanStatus(spanId, status, message) ?? false;
  }

  withExtractedContext<T>(carrier: TraceCarrier, fn: () => T): T {
    return this.#propagation.withExtractedContext(carrier, fn);
  }

  injectContext(carrier: Record<string, string>): void {
    this.#propagation.injectContext(carrier);
  }

  isTracingSuppressed(): boolean {
    return this.#propagation.isSuppressed();
  }

  getBaggage(): Readonly<Record<string, string>> {
    return this.#propagation.getBaggage();
  }

  withBaggage<T>(entries: Readonly<Record<string, string>>, fn: () => T): T {
    return this.#propagation.withBaggage(entries, fn);
  }

  /** `startedJustNow`: see {@link TracingAdapter.withActiveSpan} (only `span()` sets it). */
  withActiveSpan<T>(spanId: string, fn: () => T, startedJustNow = false): T {
    const tracing = this.#gen?.tracing;
    return tracing === undefined ? fn() : tracing.withActiveSpan(spanId, fn, startedJustNow);
  }

  emit(record: LogRecordInput): void {
    const gen = this.#gen;
    if (gen !== undefined) this.#loggingOf(gen).emit(record);
  }

  /** The active context, for a log record emitted later (a log bridge's capture). */
  captureContext(): Context {
    return activeContext();
  }
}
