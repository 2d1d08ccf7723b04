import type { ResourceAttributeValue } from './attributes.js';
import { CONFIG_DEFAULTS } from './config-defaults.js';
import type { TelemetryConfigOptions } from './config-options.js';
import { validateConfig } from './config-validation.js';
import type { ResolvedOptions } from './config-validation.js';
import type { Credentials } from './credentials.js';
import type { Endpoint } from './endpoint.js';
import { ConfigError } from './errors.js';
import { Protocol } from './protocol.js';
import { inspectCustom } from './redaction.js';
import { ALL_SIGNALS } from './signal-type.js';
import type { SignalType } from './signal-type.js';

type InspectFn = (value: unknown, options: unknown) => string;

const resolve = (options: TelemetryConfigOptions): ResolvedOptions => {
  const merged = { ...CONFIG_DEFAULTS, customAttributes: {}, signalPaths: {}, ...options };
  return {
    ...merged,
    grpcKeepalive: { ...CONFIG_DEFAULTS.grpcKeepalive, ...options.grpcKeepalive },
  };
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
    Object.freeze(this);
  }

  /** Same as `new TelemetryConfig(options)`. */
  static create(options: TelemetryConfigOptions): TelemetryConfig {
    return new TelemetryConfig(options);
  }

  /** A validated copy with `changes` applied (the reference's fluent setters). */
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
    const { scheme, host, port, basePath } = this.#endpoint;
    const s = scheme ?? (this.insecure ? 'http' : 'https');
    const hostPart = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
    const defaultPort = s === 'https' ? 443 : 80;
    const portPart = scheme !== undefined && port === defaultPort ? '' : `:${port}`;
    return `${s}://${hostPart}${portPart}${basePath}`;
  }

  /** HTTP path of a signal: the override, else `/v2/{signal}` with the v2 API, else `/v1/{signal}`. */
  getSignalPath(signal: SignalType): string {
    return this.signalPaths[signal] ?? `/${this.usesV2Api ? 'v2' : 'v1'}/${signal}`;
  }

  /** Full HTTP URL a signal is posted to. */
  getSignalUrl(signal: SignalType): string {
    return `${this.getEndpointUrl()}${this.getSignalPath(signal)}`;
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

  /** Every header an export request carries: auth, collector identity, API version. */
  getExportHeaders(): Record<string, string> {
    const headers = this.getAuthHeaders();
    const optional: [string, string | undefined][] = [
      ['X-TelemetryFlow-Collector-Name', this.collectorName],
      ['X-TelemetryFlow-Collector-Hostname', this.collectorHostname],
      ['X-TelemetryFlow-Datacenter', this.datacenter],
    ];
    for (const [name, value] of optional) if (value !== undefined) headers[name] = value;
    headers['X-TelemetryFlow-Environment'] = this.environment;
    if (this.usesV2Api) headers['X-TelemetryFlow-API-Version'] = 'v2';
    return headers;
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

  /** The options this config was made from (credentials included, as an object). */
  toOptions(): TelemetryConfigOptions {
    const { ...fields } = this;
    return fields;
  }

  /** JSON view with the API key secret redacted. */
  toJSON(): Record<string, unknown> {
    return { ...this.toOptions(), credentials: this.credentials.toJSON() };
  }

  toString(): string {
    return `TelemetryConfig(service=${this.serviceName}, endpoint=${this.endpoint}, protocol=${this.protocol})`;
  }

  [inspectCustom](_depth: number, options: unknown, inspect: InspectFn): string {
    return `TelemetryConfig ${inspect(this.toJSON(), options)}`;
  }
}
