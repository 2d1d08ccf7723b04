import { Protocol } from '@telemetryflow/domain';
import type {
  DiagnosticLogLevel,
  ExemplarFilter,
  ExportTransport,
  ExportTransportFactory,
  GrpcKeepalive,
  HistogramAggregation,
  LogRecordLimitSettings,
  PropagatorName,
  ResourceAttributeValue,
  ResourceDetectorName,
  SamplerName,
  SignalOverrides,
  SignalType,
  SpanLimitSettings,
  TemporalityPreference,
} from '@telemetryflow/domain';
import type { Diagnostic } from '../client-options.js';
import type { AttributeLimits, GrpcMessageSizes, SignalSelection } from './builder-settings.js';
import type { TelemetryFlowClient } from '../telemetry-flow-client.js';
import { buildClient } from './build-client.js';
import { BuilderConstants } from './builder-constants.js';
import { BuilderState } from './builder-state.js';
import type { BuilderOptions } from './builder-state.js';
import type { Environment } from './env-names.js';
import {
  loadAll,
  loadApiKey,
  loadCollectorId,
  loadEndpoint,
  loadEnvironment,
  loadService,
  loadServiceNamespace,
} from './env-loaders.js';

/**
 * Fluent builder for {@link TelemetryFlowClient}. Every `with*` method returns the builder; the
 * last call for a setting wins, except that `withAutoConfiguration()` and the `*FromEnv()`
 * methods apply only the variables that are set. Unset settings take `TelemetryConfig`'s
 * defaults; the endpoint defaults to {@link TelemetryFlowBuilder.DEFAULT_ENDPOINT}.
 * `build()` reports every problem at once, environment variables that do not parse included.
 *
 * @example
 * ```ts
 * const client = new TelemetryFlowBuilder()
 *   .withAutoConfiguration() // TELEMETRYFLOW_API_KEY_ID, TELEMETRYFLOW_SERVICE_NAME, …
 *   .withService('checkout', '2.3.0')
 *   .withHttp()
 *   .build();
 * await client.initialize();
 * ```
 */
export class TelemetryFlowBuilder extends BuilderConstants {
  readonly #env: Environment;
  readonly #state = new BuilderState();

  /** @param env where the `*FromEnv()` methods read variables; `process.env` by default */
  constructor(env: Environment = process.env) {
    super();
    this.#env = env;
  }

  /** API key pair: id `tfk_…`, secret `tfs_…`. */
  withApiKey(keyId: string, keySecret: string): this {
    this.#state.keyId = keyId;
    this.#state.keySecret = keySecret;
    return this;
  }

  /** `TELEMETRYFLOW_API_KEY_ID` and `TELEMETRYFLOW_API_KEY_SECRET` (each only when set). */
  withApiKeyFromEnv(): this {
    return this.#load(loadApiKey);
  }

  /** Collector address: `host:port`, or for HTTP also an `http(s)://` URL. */
  withEndpoint(endpoint: string): this {
    return this.#set('endpoint', endpoint);
  }

  /** `TELEMETRYFLOW_ENDPOINT`, else `OTEL_EXPORTER_OTLP_ENDPOINT`. */
  withEndpointFromEnv(): this {
    return this.#load(loadEndpoint);
  }

  /** Service name, and its version when given. */
  withService(name: string, version?: string): this {
    this.#set('serviceName', name);
    return version === undefined ? this : this.#set('serviceVersion', version);
  }

  /** `TELEMETRYFLOW_SERVICE_NAME` / `_VERSION`, else `OTEL_SERVICE_NAME` and `OTEL_RESOURCE_ATTRIBUTES`. */
  withServiceFromEnv(): this {
    return this.#load(loadService);
  }

  withServiceNamespace(namespace: string): this {
    return this.#set('serviceNamespace', namespace);
  }

  /** `TELEMETRYFLOW_SERVICE_NAMESPACE`, else `service.namespace` in `OTEL_RESOURCE_ATTRIBUTES`. */
  withServiceNamespaceFromEnv(): this {
    return this.#load(loadServiceNamespace);
  }

  /** Deployment environment, e.g. `staging`. */
  withEnvironment(environment: string): this {
    return this.#set('environment', environment);
  }

  /** `TELEMETRYFLOW_ENVIRONMENT`, `ENV`, `ENVIRONMENT`, then `OTEL_RESOURCE_ATTRIBUTES`: first set. */
  withEnvironmentFromEnv(): this {
    return this.#load(loadEnvironment);
  }

  withProtocol(protocol: Protocol): this {
    return this.#set('protocol', protocol);
  }

  /**
   * OTLP over gRPC (the default). Without `withExporter()`, `build()` loads
   * `@telemetryflow/infrastructure-grpc` (an optional peer dependency: install it next to the
   * client) and uses its `createTransport`; it throws a `BuilderError` saying what to do when it
   * cannot (not installed, or a bundle).
   */
  withGrpc(): this {
    return this.withProtocol(Protocol.GRPC);
  }

  /**
   * OTLP over HTTP (protobuf). Without `withExporter()`, `build()` loads
   * `@telemetryflow/infrastructure-http` (an optional peer dependency) as `withGrpc()` does.
   */
  withHttp(): this {
    return this.withProtocol(Protocol.HTTP);
  }

  /** Plaintext instead of TLS. */
  withInsecure(insecure = true): this {
    return this.#set('insecure', insecure);
  }

  withSignals({ metrics = true, logs = true, traces = true }: SignalSelection = {}): this {
    this.#set('enableMetrics', metrics);
    this.#set('enableLogs', logs);
    return this.#set('enableTraces', traces);
  }

  withMetricsOnly(): this {
    return this.withSignals({ metrics: true, logs: false, traces: false });
  }

  withLogsOnly(): this {
    return this.withSignals({ metrics: false, logs: true, traces: false });
  }

  withTracesOnly(): this {
    return this.withSignals({ metrics: false, logs: false, traces: true });
  }

  /**
   * Exemplars on histogram, counter and gauge points: measurements linked to the span they were recorded
   * in, sampled by {@link withExemplarFilter} (default `trace_based`). On by default, as in the
   * TelemetryFlow Python SDK; `false` costs recording nothing. Env: `TELEMETRYFLOW_ENABLE_EXEMPLARS`.
   */
  withExemplars(enabled = true): this {
    return this.#set('enableExemplars', enabled);
  }

  /** Deadline of one export request, in milliseconds. */
  withTimeout(timeoutMs: number): this {
    return this.#set('timeoutMs', timeoutMs);
  }

  withCollectorId(collectorId: string): this {
    return this.#set('collectorId', collectorId);
  }

  /** `TELEMETRYFLOW_COLLECTOR_ID`. */
  withCollectorIdFromEnv(): this {
    return this.#load(loadCollectorId);
  }

  /** One resource attribute; explicit attributes win over `OTEL_RESOURCE_ATTRIBUTES`. */
  withCustomAttribute(key: string, value: ResourceAttributeValue): this {
    return this.withCustomAttributes({ [key]: value });
  }

  /** Merges resource attributes into those added before. */
  withCustomAttributes(attributes: Readonly<Record<string, ResourceAttributeValue>>): this {
    return this.#set('customAttributes', { ...this.#state.options.customAttributes, ...attributes });
  }

  /** gzip request bodies. */
  withCompression(enabled = true): this {
    return this.#set('compression', enabled);
  }

  /** Retry settings; an omitted `maxRetries` or `backoffMs` keeps its previous value. */
  withRetry(enabled = true, maxRetries?: number, backoffMs?: number): this {
    this.#set('retryEnabled', enabled);
    if (maxRetries !== undefined) this.#set('maxRetries', maxRetries);
    return backoffMs === undefined ? this : this.#set('retryBackoffMs', backoffMs);
  }

  /** Batch export settings; an omitted value keeps its previous value (0 is passed on and rejected). */
  withBatchSettings(timeoutMs?: number, maxSize?: number): this {
    if (timeoutMs !== undefined) this.#set('batchTimeoutMs', timeoutMs);
    return maxSize === undefined ? this : this.#set('batchMaxSize', maxSize);
  }

  /**
   * Export requests per minute, all signals together (default 1000, a token bucket with bursts of
   * one second's worth). It limits requests, not items: a request that waited for it carries every
   * batch queued meanwhile, up to the transport's request size. Env: `TELEMETRYFLOW_RATE_LIMIT`.
   */
  withRateLimit(requestsPerMinute: number): this {
    return this.#set('rateLimit', requestsPerMinute);
  }

  /**
   * Most bytes of encoded export requests each signal holds, queued and in flight (default 32 MiB);
   * past it new items are dropped and counted in `getStatus()`. A positive integer, checked at
   * `build()`. Env: `TELEMETRYFLOW_MAX_QUEUE_BYTES`.
   */
  withMaxQueueBytes(bytes: number): this {
    return this.#set('maxQueueBytes', bytes);
  }

  /** Use the TelemetryFlow collector's authenticated `/v2/{signal}` HTTP paths. */
  withV2Api(enabled = true): this {
    return this.#set('useV2Api', enabled);
  }

  /** Only the v2 API (implies `withV2Api()`). */
  withV2Only(enabled = true): this {
    return this.#set('v2Only', enabled);
  }

  withCollectorName(name: string): this {
    return this.#set('collectorName', name);
  }

  withCollectorHostname(hostname: string): this {
    return this.#set('collectorHostname', hostname);
  }

  withDatacenter(datacenter: string): this {
    return this.#set('datacenter', datacenter);
  }

  /** HTTP path for one signal, e.g. `withSignalPath('traces', '/otlp/v1/traces')`. */
  withSignalPath(signal: SignalType, path: string): this {
    return this.#set('signalPaths', { ...this.#state.options.signalPaths, [signal]: path });
  }

  /** gRPC keepalive, merged into the settings made before. */
  withGrpcKeepalive(keepalive: Partial<GrpcKeepalive>): this {
    return this.#set('grpcKeepalive', { ...this.#state.options.grpcKeepalive, ...keepalive });
  }

  /** gRPC message size limits in bytes; an omitted one keeps its previous value. */
  withGrpcMessageSizes({ maxReceive, maxSend }: GrpcMessageSizes): this {
    if (maxReceive !== undefined) this.#set('grpcMaxReceiveMessageSize', maxReceive);
    return maxSend === undefined ? this : this.#set('grpcMaxSendMessageSize', maxSend);
  }

  /**
   * Attribute limits; an omitted one keeps its previous value (default 128 attributes, 4096
   * characters). Attributes beyond `count` are dropped, longer string values truncated.
   */
  withAttributeLimits({ count, valueLength }: AttributeLimits): this {
    if (count !== undefined) this.#set('attributeCountLimit', count);
    return valueLength === undefined ? this : this.#set('attributeValueLengthLimit', valueLength);
  }

  /**
   * Most series (attribute sets) per metric instrument (default 2000, the overflow series
   * included); new attribute sets beyond it are aggregated into `otel.metric.overflow=true`.
   */
  withMetricCardinalityLimit(limit: number): this {
    return this.#set('metricCardinalityLimit', limit);
  }

  /**
   * Budget, in ms, of the shutdown the client runs when the process is about to exit naturally
   * (the event loop is empty: `beforeExit`), so that what was recorded is sent; `0` turns it off.
   * Default 5000 (`TELEMETRYFLOW_EXIT_FLUSH_TIMEOUT`). Items still unsent at the deadline are
   * reported once (`TF_EXIT_DROPPED`). `process.exit()` and crashes skip it; signals are the app's.
   */
  withExitFlush(timeoutMs: number): this {
    return this.#set('exitFlushTimeoutMs', timeoutMs);
  }

  /**
   * Headers sent with every export request on both transports (a gateway's key, a tenant id),
   * merged into those added before. Names: letters, digits, `-`, `_`, `.`; values: printable ASCII;
   * `Authorization`, `X-TelemetryFlow-*` and the transports' own headers are refused at `build()`.
   * Values never appear in logs, errors, JSON or `inspect`. Env: `TELEMETRYFLOW_HEADERS`, else
   * `OTEL_EXPORTER_OTLP_HEADERS`.
   */
  withHeaders(headers: Readonly<Record<string, string>>): this {
    return this.#set('headers', { ...this.#state.options.headers, ...headers });
  }

  /** One header for every export request (see {@link withHeaders}). */
  withHeader(name: string, value: string): this {
    return this.withHeaders({ [name]: value });
  }

  /**
   * A different collector for one signal (the Go SDK's `WithTracesEndpoint`): `host:port`, or for
   * HTTP an `http(s)://` base URL to which the signal's path is appended. `http://` makes it
   * plaintext. Env: `TELEMETRYFLOW_{TRACES,METRICS,LOGS}_ENDPOINT`, else
   * `OTEL_EXPORTER_OTLP_{TRACES,METRICS,LOGS}_ENDPOINT` (a full URL, used as it is).
   */
  withSignalEndpoint(signal: SignalType, endpoint: string): this {
    this.#state.setOverride(signal, 'endpoint', endpoint);
    return this;
  }

  /**
   * Export settings of one signal (endpoint, insecure, headers, timeout, compression, batching),
   * merged into those set before; see `SignalOverrides`. Durations in milliseconds.
   */
  withSignalOverrides(signal: SignalType, overrides: SignalOverrides): this {
    for (const [key, value] of Object.entries(overrides) as [keyof SignalOverrides, never][]) {
      this.#state.setOverride(signal, key, value);
    }
    return this;
  }

  /**
   * Head sampling: `always_on`, `always_off`, `traceidratio` (sample `ratio` of traces, 0…1,
   * decided from the trace id), and `parentbased_*` of each (follow the parent's decision, use the
   * named sampler for roots). Default `parentbased_always_on`. Env: `TELEMETRYFLOW_TRACES_SAMPLER`
   * / `_ARG`, else `OTEL_TRACES_SAMPLER` / `_ARG`.
   */
  withSampler(type: SamplerName, ratio?: number): this {
    return this.#set('sampler', ratio === undefined ? { type } : { type, ratio });
  }

  /**
   * Context propagation formats: `tracecontext` (W3C `traceparent` / `tracestate`) and `baggage`
   * (W3C `baggage`); `[]` for none. Default both. Env: `OTEL_PROPAGATORS`.
   */
  withPropagators(propagators: readonly PropagatorName[]): this {
    return this.#set('propagators', [...propagators]);
  }

  /**
   * The resource detectors whose attributes every signal carries: `env` (`OTEL_RESOURCE_ATTRIBUTES`),
   * `host`, `os`, `process`, `container` (see `RESOURCE_DETECTOR_NAMES`); `[]` for none. Default
   * all, as the OpenTelemetry JS Node SDK. Env: `OTEL_NODE_RESOURCE_DETECTORS`.
   */
  withResourceDetectors(detectors: readonly ResourceDetectorName[]): this {
    return this.#set('resourceDetectors', [...detectors]);
  }

  /**
   * How often metrics are exported, in ms, separately from the span and log batch delay, and the
   * longest one metric export may take (default: the lesser of the timeout and the interval).
   * Env: `TELEMETRYFLOW_METRIC_EXPORT_INTERVAL`, `OTEL_METRIC_EXPORT_INTERVAL` / `_TIMEOUT`.
   */
  withMetricExportInterval(intervalMs: number, timeoutMs?: number): this {
    this.#set('metricExportIntervalMs', intervalMs);
    return timeoutMs === undefined ? this : this.#set('metricExportTimeoutMs', timeoutMs);
  }

  /**
   * Which instruments export delta points: `cumulative` (default: all cumulative), `delta`
   * (counters, observable counters, histograms and gauges delta; up-down counters cumulative), or
   * `lowmemory` (counters and histograms delta; the rest cumulative), as the OTLP exporter
   * specification defines them. Backends such as Datadog and Dynatrace want `delta`. Env:
   * `TELEMETRYFLOW_METRICS_TEMPORALITY_PREFERENCE`, `OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE`.
   */
  withMetricTemporality(preference: TemporalityPreference): this {
    return this.#set('metricTemporalityPreference', preference);
  }

  /**
   * How histograms not named by {@link withHistogramBuckets} aggregate:
   * `explicit_bucket_histogram` (default) or `base2_exponential_bucket_histogram` (OTLP
   * `ExponentialHistogram`: buckets that follow the data, at most 160 per sign). Env:
   * `TELEMETRYFLOW_METRICS_DEFAULT_HISTOGRAM_AGGREGATION`,
   * `OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION`.
   */
  withHistogramAggregation(aggregation: HistogramAggregation): this {
    return this.#set('histogramAggregation', aggregation);
  }

  /**
   * Explicit bucket boundaries for the histogram `name`, in its unit (e.g. ms for a histogram
   * recorded in ms: `[5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000]`): strictly
   * increasing finite numbers, at most 256, checked at `build()`. They win over
   * {@link withHistogramAggregation} for that histogram. Call once per histogram.
   */
  withHistogramBuckets(name: string, boundaries: readonly number[]): this {
    return this.#set('histogramBuckets', {
      ...this.#state.options.histogramBuckets,
      // Not an array: kept as given, for build() to report.
      [name]: Array.isArray(boundaries as unknown) ? [...boundaries] : boundaries,
    });
  }

  /** Span limits, merged into those set before; unset ones follow {@link withAttributeLimits}. */
  withSpanLimits(limits: SpanLimitSettings): this {
    return this.#set('spanLimits', { ...this.#state.options.spanLimits, ...limits });
  }

  /** Log record limits, merged into those set before; unset ones follow {@link withAttributeLimits}. */
  withLogRecordLimits(limits: LogRecordLimitSettings): this {
    return this.#set('logRecordLimits', { ...this.#state.options.logRecordLimits, ...limits });
  }

  /** Which measurements may become exemplars (`trace_based` by default). Env: `OTEL_METRICS_EXEMPLAR_FILTER`. */
  withExemplarFilter(filter: ExemplarFilter): this {
    return this.#set('exemplarFilter', filter);
  }

  /**
   * What the SDK prints about itself when no `withDiagnostics()` handler is set: `none` / `error`
   * print nothing, `warn` (default) and `info` print its warnings, `debug` and above also
   * OpenTelemetry's own diagnostics (with global registration). Env: `OTEL_LOG_LEVEL`.
   */
  withLogLevel(level: DiagnosticLogLevel): this {
    return this.#set('logLevel', level);
  }

  /**
   * Builds a no-op client (`OTEL_SDK_DISABLED=true`): it records nothing, opens no connection,
   * never throws, and `build()` does not require keys or a service name.
   */
  withDisabled(disabled = true): this {
    this.#state.disabled = disabled;
    return this;
  }

  /**
   * The transport to export through, instead of loading the protocol's package by name at
   * `build()`: an `ExportTransport`, or a factory called with the configuration at each
   * `initialize()` (`createGrpcTransport()` from `@telemetryflow/infrastructure-grpc`,
   * `createHttpTransport()` from `@telemetryflow/infrastructure-http`). The explicit form, and
   * the one that works in bundles (esbuild, webpack, serverless): `withGrpc()` / `withHttp()`
   * stand for `withExporter()` with that package's `createTransport`. A factory's `protocol`
   * becomes the configuration's protocol unless one was chosen; a different one is a
   * `BuilderError` at `build()`. See docs/INSTALLING.md.
   */
  withExporter(transport: ExportTransport | ExportTransportFactory): this {
    this.#state.transport = transport;
    return this;
  }

  /** Register the client's providers as the OpenTelemetry globals (`ClientOptions.registerGlobal`). */
  withGlobalRegistration(enabled = true): this {
    this.#state.registerGlobal = enabled;
    return this;
  }

  /** Where diagnostics go (`ClientOptions.onDiagnostic`). */
  withDiagnostics(handler: (diagnostic: Diagnostic) => void): this {
    this.#state.onDiagnostic = handler;
    return this;
  }

  /** Every `TELEMETRYFLOW_*` variable (and the OTel fallbacks) that is set; see docs/ENVIRONMENT.md. */
  withAutoConfiguration(): this {
    return this.#load(loadAll);
  }

  /**
   * A new, uninitialized client. Each call creates another one.
   * @throws {BuilderError} listing every problem: missing or invalid settings, unparsable
   * environment variables, and a transport package that is not installed
   */
  build(): TelemetryFlowClient {
    return buildClient(this.#state);
  }

  /** Same as {@link build} (the TelemetryFlow Python SDK's alias). */
  mustBuild(): TelemetryFlowClient {
    return this.build();
  }

  #set<K extends keyof BuilderOptions>(key: K, value: BuilderOptions[K]): this {
    this.#state.set(key, value);
    return this;
  }

  #load(loader: (state: BuilderState, env: Environment) => void): this {
    loader(this.#state, this.#env);
    return this;
  }
}
