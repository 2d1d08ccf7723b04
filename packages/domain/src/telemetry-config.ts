import type { ResourceAttributeValue } from './attributes.js';
import { CONFIG_DEFAULTS } from './config-defaults.js';
import type { TelemetryConfigOptions } from './config-options.js';
import { validateConfig } from './config-validation.js';
import type { ResolvedOptions } from './config-validation.js';
import type { Credentials } from './credentials.js';
import type { Endpoint } from './endpoint.js';
import { ConfigError } from './errors.js';
import { redactHeaders } from './custom-headers.js';
import { parseEndpoint } from './endpoint.js';
import type {
  DiagnosticLogLevel,
  ExemplarFilter,
  LogRecordLimitSettings,
  PropagatorName,
  SamplerSettings,
  SignalOverrides,
  SignalSettings,
  SpanLimitSettings,
} from './export-settings.js';
import type { HistogramAggregation, TemporalityPreference } from './metric-settings.js';
import { Protocol } from './protocol.js';
import { MIN_SECRET_LENGTH, REDACTED, inspectCustom } from './redaction.js';
import type { ResourceDetectorName } from './resource-detectors.js';
import { ALL_SIGNALS } from './signal-type.js';
import type { SignalType } from './signal-type.js';

type InspectFn = (value: unknown, options: unknown) => string;

const resolve = (options: TelemetryConfigOptions): ResolvedOptions => {
  const merged = {
    ...CONFIG_DEFAULTS,
    customAttributes: {},
    signalPaths: {},
    headers: {},
    signalOverrides: {},
    spanLimits: {},
    logRecordLimits: {},
    ...options,
  };
  return {
    ...merged,
    grpcKeepalive: { ...CONFIG_DEFAULTS.grpcKeepalive, ...options.grpcKeepalive },
  };
};

/** OpenTelemetry's default most events, and most links, per span. */
const DEFAULT_SPAN_ITEM_LIMIT = 128;

const definedOnly = <T extends object>(value: T): Partial<T> =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;

const freezeOverrides = (
  overrides: Readonly<Partial<Record<SignalType, SignalOverrides>>>,
): Readonly<Partial<Record<SignalType, SignalOverrides>>> =>
  Object.freeze(
    Object.fromEntries(
      Object.entries(overrides).map(([signal, o]) => [
        signal,
        Object.freeze({
          ...o,
          ...(o.headers === undefined ? {} : { headers: Object.freeze({ ...o.headers }) }),
        }),
      ]),
    ),
  );

/** Custom headers with a signal's own on top; a signal's header replaces one of the same name in any case. */
const mergeHeaders = (
  common: Readonly<Record<string, string>>,
  own: Readonly<Record<string, string>> | undefined,
): Record<string, string> => {
  if (own === undefined) return { ...common };
  const replaced = new Set(Object.keys(own).map((name) => name.toLowerCase()));
  const kept = Object.entries(common).filter(([name]) => !replaced.has(name.toLowerCase()));
  return { ...Object.fromEntries(kept), ...own };
};

/** `scheme://host:port/basePath` of an HTTP endpoint (default ports left out of URLs given with one). */
const baseUrlOf = ({ scheme, host, port, basePath }: Endpoint, insecure: boolean): string => {
  const s = scheme ?? (insecure ? 'http' : 'https');
  const hostPart = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  const defaultPort = s === 'https' ? 443 : 80;
  const portPart = scheme !== undefined && port === defaultPort ? '' : `:${port}`;
  return `${s}://${hostPart}${portPart}${basePath}`;
};

/**
 * The SDK configuration (aggregate root). Validated once when created, immutable afterwards;
 * `with()` returns a validated copy. The API key secret never appears in `toJSON()`,
 * `toString()` or `util.inspect`.
 */
export class TelemetryConfig {
  readonly credentials: Credentials;
  readonly endpoint: string;
  readonly serviceName: string;
  readonly serviceVersion: string;
  readonly serviceNamespace: string;
  readonly environment: string;
  readonly protocol: Protocol;
  readonly insecure: boolean;
  readonly timeoutMs: number;
  readonly compression: boolean;
  readonly retryEnabled: boolean;
  readonly maxRetries: number;
  readonly retryBackoffMs: number;
  readonly grpcKeepalive: ResolvedOptions['grpcKeepalive'];
  readonly grpcMaxReceiveMessageSize: number;
  readonly grpcMaxSendMessageSize: number;
  readonly enableMetrics: boolean;
  readonly enableLogs: boolean;
  readonly enableTraces: boolean;
  readonly enableExemplars: boolean;
  readonly customAttributes: Readonly<Record<string, ResourceAttributeValue>>;
  readonly batchTimeoutMs: number;
  readonly batchMaxSize: number;
  readonly collectorId: string | undefined;
  readonly rateLimit: number;
  /** Most bytes of encoded export requests held per signal, queued and in flight. */
  readonly maxQueueBytes: number;
  readonly useV2Api: boolean;
  readonly v2Only: boolean;
  readonly collectorName: string | undefined;
  readonly collectorHostname: string | undefined;
  readonly datacenter: string | undefined;
  readonly signalPaths: Readonly<Partial<Record<SignalType, string>>>;
  readonly attributeCountLimit: number;
  readonly attributeValueLengthLimit: number;
  readonly metricCardinalityLimit: number;
  readonly exitFlushTimeoutMs: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly signalOverrides: Readonly<Partial<Record<SignalType, SignalOverrides>>>;
  readonly sampler: SamplerSettings;
  readonly propagators: readonly PropagatorName[];
  readonly resourceDetectors: readonly ResourceDetectorName[];
  /** Interval between metric exports, in ms (default `batchTimeoutMs`). */
  readonly metricExportIntervalMs: number;
  /** Longest one metric collection and export may take, in ms. */
  readonly metricExportTimeoutMs: number;
  readonly spanLimits: Readonly<Required<SpanLimitSettings>>;
  readonly logRecordLimits: Readonly<Required<LogRecordLimitSettings>>;
  readonly exemplarFilter: ExemplarFilter;
  readonly metricTemporalityPreference: TemporalityPreference;
  readonly histogramAggregation: HistogramAggregation;
  /** Explicit bucket boundaries per histogram name (frozen). */
  readonly histogramBuckets: Readonly<Record<string, readonly number[]>>;
  readonly logLevel: DiagnosticLogLevel;
  readonly #endpoint: Endpoint;

  /** @throws {ConfigError} listing every invalid field. */
  constructor(options: TelemetryConfigOptions) {
    const o = resolve(options);
    const { problems, endpoint } = validateConfig(o);
    if (problems.length > 0 || endpoint === undefined) throw new ConfigError(problems);
    this.#endpoint = endpoint;
    this.credentials = o.credentials;
    this.endpoint = o.endpoint;
    this.serviceName = o.serviceName;
    this.serviceVersion = o.serviceVersion;
    this.serviceNamespace = o.serviceNamespace;
    this.environment = o.environment;
    this.protocol = o.protocol;
    this.insecure = o.insecure;
    this.timeoutMs = o.timeoutMs;
    this.compression = o.compression;
    this.retryEnabled = o.retryEnabled;
    this.maxRetries = o.maxRetries;
    this.retryBackoffMs = o.retryBackoffMs;
    this.grpcKeepalive = Object.freeze({ ...o.grpcKeepalive });
    this.grpcMaxReceiveMessageSize = o.grpcMaxReceiveMessageSize;
    this.grpcMaxSendMessageSize = o.grpcMaxSendMessageSize;
    this.enableMetrics = o.enableMetrics;
    this.enableLogs = o.enableLogs;
    this.enableTraces = o.enableTraces;
    this.enableExemplars = o.enableExemplars;
    this.customAttributes = Object.freeze({ ...o.customAttributes });
    this.batchTimeoutMs = o.batchTimeoutMs;
    this.batchMaxSize = o.batchMaxSize;
    this.collectorId = o.collectorId;
    this.rateLimit = o.rateLimit;
    this.maxQueueBytes = o.maxQueueBytes;
    this.useV2Api = o.useV2Api;
    this.v2Only = o.v2Only;
    this.collectorName = o.collectorName;
    this.collectorHostname = o.collectorHostname;
    this.datacenter = o.datacenter;
    this.signalPaths = Object.freeze({ ...o.signalPaths });
    this.attributeCountLimit = o.attributeCountLimit;
    this.attributeValueLengthLimit = o.attributeValueLengthLimit;
    this.metricCardinalityLimit = o.metricCardinalityLimit;
    this.exitFlushTimeoutMs = o.exitFlushTimeoutMs;
    this.headers = Object.freeze({ ...o.headers });
    this.signalOverrides = freezeOverrides(o.signalOverrides);
    this.sampler = Object.freeze({ ...o.sampler });
    this.propagators = Object.freeze([...o.propagators]);
    this.resourceDetectors = Object.freeze([...o.resourceDetectors]);
    this.metricExportIntervalMs = o.metricExportIntervalMs ?? o.batchTimeoutMs;
    this.metricExportTimeoutMs =
      o.metricExportTimeoutMs ?? Math.min(o.timeoutMs, this.metricExportIntervalMs);
    const count = o.attributeCountLimit;
    const valueLength = o.attributeValueLengthLimit;
    this.spanLimits = Object.freeze({
      attributeCountLimit: count,
      attributeValueLengthLimit: valueLength,
      eventCountLimit: DEFAULT_SPAN_ITEM_LIMIT,
      linkCountLimit: DEFAULT_SPAN_ITEM_LIMIT,
      attributePerEventCountLimit: o.spanLimits.attributeCountLimit ?? count,
      attributePerLinkCountLimit: o.spanLimits.attributeCountLimit ?? count,
      ...definedOnly(o.spanLimits),
    });
    this.logRecordLimits = Object.freeze({
      attributeCountLimit: count,
      attributeValueLengthLimit: valueLength,
      ...definedOnly(o.logRecordLimits),
    });
    this.exemplarFilter = o.exemplarFilter;
    this.metricTemporalityPreference = o.metricTemporalityPreference;
    this.histogramAggregation = o.histogramAggregation;
    this.histogramBuckets = Object.freeze(
      Object.fromEntries(
        Object.entries(o.histogramBuckets).map(([name, b]) => [name, Object.freeze([...b])] as const),
      ),
    );
    this.logLevel = o.logLevel;
    Object.freeze(this);
  }

  /** Same as `new TelemetryConfig(options)`. */
  static create(options: TelemetryConfigOptions): TelemetryConfig {
    return new TelemetryConfig(options);
  }

  /** A validated copy with `changes` applied (the TelemetryFlow Python SDK's fluent setters). */
  with(changes: Partial<TelemetryConfigOptions>): TelemetryConfig {
    return new TelemetryConfig({ ...this.toOptions(), ...changes });
  }

  /** The collector address split into host, port and (for URLs) scheme and path prefix. */
  get parsedEndpoint(): Endpoint {
    return this.#endpoint;
  }

  /** True when the TelemetryFlow v2 API is in use (`useV2Api` or `v2Only`). */
  get usesV2Api(): boolean {
    return this.useV2Api || this.v2Only;
  }

  /**
   * gRPC: `host:port`. HTTP: the base URL, `https://host:port` (`http://` when insecure) or the
   * URL as configured, without trailing slash.
   */
  getEndpointUrl(): string {
    if (this.protocol === Protocol.GRPC) return this.endpoint;
    return baseUrlOf(this.#endpoint, this.insecure);
  }

  /** HTTP path of a signal: the override, else `/v2/{signal}` with the v2 API, else `/v1/{signal}`. */
  getSignalPath(signal: SignalType): string {
    return this.signalPaths[signal] ?? `/${this.usesV2Api ? 'v2' : 'v1'}/${signal}`;
  }

  /** Full HTTP URL a signal is posted to (its own endpoint when it has one). */
  getSignalUrl(signal: SignalType): string {
    return this.signalSettings(signal).url;
  }

  /**
   * The export settings of `signal`: its `signalOverrides` over the client-wide settings. A
   * per-signal endpoint is insecure when it says `http://` (or its `insecure` is set), secure when
   * it says `https://`, and otherwise follows `insecure`.
   */
  signalSettings(signal: SignalType): SignalSettings {
    const o = this.signalOverrides[signal] ?? {};
    let parsed = this.#endpoint;
    if (o.endpoint !== undefined) {
      const own = parseEndpoint(o.endpoint, this.protocol);
      if (own.ok) parsed = own.endpoint; // validated when the config was made
    }
    const insecure =
      o.endpoint === undefined
        ? this.insecure
        : (o.insecure ?? (parsed.scheme === undefined ? this.insecure : parsed.scheme === 'http'));
    const base =
      this.protocol === Protocol.GRPC ? (o.endpoint ?? this.endpoint) : baseUrlOf(parsed, insecure);
    return Object.freeze({
      signal,
      endpoint: o.endpoint ?? this.endpoint,
      insecure,
      url: this.protocol === Protocol.GRPC ? base : `${base}${this.getSignalPath(signal)}`,
      headers: Object.freeze(this.getExportHeaders(signal)),
      timeoutMs: o.timeoutMs ?? this.timeoutMs,
      compression: o.compression ?? this.compression,
      batchTimeoutMs: o.batchTimeoutMs ?? this.batchTimeoutMs,
      batchMaxSize: o.batchMaxSize ?? this.batchMaxSize,
      maxQueueSize: o.maxQueueSize,
      exportTimeoutMs: o.exportTimeoutMs,
    });
  }

  /** Enabled signals, in the order metrics, logs, traces. */
  getEnabledSignals(): SignalType[] {
    return ALL_SIGNALS.filter((s) => this.isSignalEnabled(s));
  }

  isSignalEnabled(signal: SignalType): boolean {
    if (signal === 'metrics') return this.enableMetrics;
    if (signal === 'logs') return this.enableLogs;
    return signal === 'traces' && this.enableTraces;
  }

  /** The credentials' headers, plus X-TelemetryFlow-Collector-ID when set. */
  getAuthHeaders(): Record<string, string> {
    const headers = this.credentials.authHeaders();
    if (this.collectorId !== undefined) headers['X-TelemetryFlow-Collector-ID'] = this.collectorId;
    return headers;
  }

  /**
   * Every header an export request carries: auth, collector identity, API version, then the
   * custom `headers`, then (given a signal) that signal's own headers.
   */
  getExportHeaders(signal?: SignalType): Record<string, string> {
    const headers = this.getAuthHeaders();
    const optional: [string, string | undefined][] = [
      ['X-TelemetryFlow-Collector-Name', this.collectorName],
      ['X-TelemetryFlow-Collector-Hostname', this.collectorHostname],
      ['X-TelemetryFlow-Datacenter', this.datacenter],
    ];
    for (const [name, value] of optional) if (value !== undefined) headers[name] = value;
    headers['X-TelemetryFlow-Environment'] = this.environment;
    if (this.usesV2Api) headers['X-TelemetryFlow-API-Version'] = 'v2';
    const own = signal === undefined ? undefined : this.signalOverrides[signal]?.headers;
    return { ...headers, ...mergeHeaders(this.headers, own) };
  }

  /**
   * What must never appear in a message: the API key secret and every custom header value
   * (client-wide and per signal) of at least `MIN_SECRET_LENGTH` characters, since a gateway key or
   * tenant token travels as a custom header. For `createRedactor`.
   */
  getSecretValues(): string[] {
    const custom = [this.headers, ...ALL_SIGNALS.map((s) => this.signalOverrides[s]?.headers ?? {})]
      .flatMap((headers) => Object.values(headers))
      .filter((value) => value.length >= MIN_SECRET_LENGTH);
    return [this.credentials.keySecret, ...custom];
  }

  /**
   * `service.name`, `service.version`, `service.namespace` (when non-empty),
   * `deployment.environment.name` and the legacy `deployment.environment`, then the custom
   * attributes on top.
   */
  getResourceAttributes(): Record<string, ResourceAttributeValue> {
    return {
      'service.name': this.serviceName,
      'service.version': this.serviceVersion,
      ...(this.serviceNamespace === '' ? {} : { 'service.namespace': this.serviceNamespace }),
      'deployment.environment.name': this.environment,
      'deployment.environment': this.environment,
      ...this.customAttributes,
    };
  }

  /**
   * The options this config was made from (credentials included, as an object; custom header
   * values as given: do not log this, log the config itself).
   */
  toOptions(): TelemetryConfigOptions {
    const { ...fields } = this;
    return fields;
  }

  /** JSON view with the API key secret redacted. */
  toJSON(): Record<string, unknown> {
    const overrides = Object.fromEntries(
      Object.entries(this.signalOverrides).map(([signal, o]) => [
        signal,
        o.headers === undefined ? o : { ...o, headers: redactHeaders(o.headers, REDACTED) },
      ]),
    );
    return {
      ...this.toOptions(),
      credentials: this.credentials.toJSON(),
      headers: redactHeaders(this.headers, REDACTED),
      signalOverrides: overrides,
    };
  }

  toString(): string {
    return `TelemetryConfig(service=${this.serviceName}, endpoint=${this.endpoint}, protocol=${this.protocol})`;
  }

  [inspectCustom](_depth: number, options: unknown, inspect: InspectFn): string {
    return `TelemetryConfig ${inspect(this.toJSON(), options)}`;
  }
}
