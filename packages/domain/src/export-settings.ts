import type { SignalType } from './signal-type.js';

/**
 * Head samplers, named as `OTEL_TRACES_SAMPLER` names them (OpenTelemetry SDK specification,
 * "Sampling" and the SDK environment variables). `parentbased_*` follow a parent's sampled flag
 * when there is a parent and apply the named root sampler otherwise.
 */
export const SAMPLER_NAMES = Object.freeze([
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const);
export type SamplerName = (typeof SAMPLER_NAMES)[number];

/** Which spans are recorded and exported. Default `{ type: 'parentbased_always_on' }`. */
export interface SamplerSettings {
  readonly type: SamplerName;
  /**
   * For `traceidratio` and `parentbased_traceidratio`: the probability, 0…1, that a root span
   * (a trace) is sampled, decided from the trace id so every service decides alike. Default 1.
   */
  readonly ratio?: number;
}

/** Context propagation formats (`OTEL_PROPAGATORS`): W3C Trace Context and W3C Baggage. */
export const PROPAGATOR_NAMES = Object.freeze(['tracecontext', 'baggage'] as const);
export type PropagatorName = (typeof PROPAGATOR_NAMES)[number];

/** When a measurement may become an exemplar (`OTEL_METRICS_EXEMPLAR_FILTER`). */
export const EXEMPLAR_FILTERS = Object.freeze(['trace_based', 'always_on', 'always_off'] as const);
export type ExemplarFilter = (typeof EXEMPLAR_FILTERS)[number];

/**
 * How much the SDK says about itself by default (`OTEL_LOG_LEVEL`): `none` and `error` silence its
 * warnings; `warn` (the default) and above print them; `debug` and above also turn on
 * OpenTelemetry's own diagnostic logger for this client's providers.
 */
export const LOG_LEVELS = Object.freeze([
  'none',
  'error',
  'warn',
  'info',
  'debug',
  'verbose',
  'all',
] as const);
export type DiagnosticLogLevel = (typeof LOG_LEVELS)[number];

/**
 * Export settings of one signal that differ from the client's (the Go SDK's `WithTracesEndpoint`
 * and the `OTEL_EXPORTER_OTLP_{TRACES,METRICS,LOGS}_*`, `OTEL_BSP_*` and `OTEL_BLRP_*` variables).
 * Every field is optional; an absent one is the client-wide setting. Durations in milliseconds.
 */
export interface SignalOverrides {
  /** `host:port`, or for HTTP also an `http(s)://` base URL; the signal's path is appended. */
  readonly endpoint?: string;
  /** Plaintext to this signal's endpoint. Default: `http://` endpoints insecure, else the client's. */
  readonly insecure?: boolean;
  /** Headers of this signal's requests, over the client's `headers` (same name: this one wins). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Deadline of one export request of this signal, in ms. */
  readonly timeoutMs?: number;
  /** gzip this signal's request bodies. */
  readonly compression?: boolean;
  /** Longest an item of this signal waits before its batch is sent, in ms (`OTEL_BSP_SCHEDULE_DELAY`). */
  readonly batchTimeoutMs?: number;
  /** Most items in one export request of this signal (`OTEL_BSP_MAX_EXPORT_BATCH_SIZE`). */
  readonly batchMaxSize?: number;
  /** Most items of this signal waiting to be sent; beyond, new ones are dropped and counted. */
  readonly maxQueueSize?: number;
  /**
   * Longest one export request of this signal (a batch, or the batches a rate-limited request
   * joins) may take, retries included, in ms (`OTEL_BSP_EXPORT_TIMEOUT`); past it its items fail.
   * Default: no bound beyond `maxRetries`.
   */
  readonly exportTimeoutMs?: number;
}

/** Span limits (`OTEL_SPAN_*_LIMIT`, `OTEL_EVENT_*`, `OTEL_LINK_*`); absent ones follow the general limits. */
export interface SpanLimitSettings {
  readonly attributeCountLimit?: number;
  /** Characters. */
  readonly attributeValueLengthLimit?: number;
  /** Most events per span (OpenTelemetry's default 128); later ones are dropped and counted on the span. */
  readonly eventCountLimit?: number;
  /** Most links per span (default 128). */
  readonly linkCountLimit?: number;
  readonly attributePerEventCountLimit?: number;
  readonly attributePerLinkCountLimit?: number;
}

/** Log record limits (`OTEL_LOGRECORD_ATTRIBUTE_*_LIMIT`); absent ones follow the general limits. */
export interface LogRecordLimitSettings {
  readonly attributeCountLimit?: number;
  /** Characters. */
  readonly attributeValueLengthLimit?: number;
}

/** The export settings of one signal with every default applied: `TelemetryConfig#signalSettings()`. */
export interface SignalSettings {
  readonly signal: SignalType;
  /** `host:port` (gRPC target) or the base URL as configured. */
  readonly endpoint: string;
  readonly insecure: boolean;
  /** HTTP only: the full URL requests of this signal are posted to. */
  readonly url: string;
  /** Every header of this signal's requests: authentication, identity, custom, per-signal. */
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly compression: boolean;
  readonly batchTimeoutMs: number;
  readonly batchMaxSize: number;
  /** Absent: the client's default queue bound. */
  readonly maxQueueSize: number | undefined;
  /** Absent: no bound beyond the retry count. */
  readonly exportTimeoutMs: number | undefined;
}
