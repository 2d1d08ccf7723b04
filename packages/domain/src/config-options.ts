import type { ResourceAttributeValue } from './attributes.js';
import type { GrpcKeepalive } from './config-defaults.js';
import type { Credentials } from './credentials.js';
import type { Protocol } from './protocol.js';
import type { ResourceDetectorName } from './resource-detectors.js';
import type { SignalType } from './signal-type.js';
import type {
  DiagnosticLogLevel,
  ExemplarFilter,
  LogRecordLimitSettings,
  PropagatorName,
  SamplerSettings,
  SignalOverrides,
  SpanLimitSettings,
} from './export-settings.js';
import type { HistogramAggregation, TemporalityPreference } from './metric-settings.js';

/**
 * Everything `TelemetryConfig` holds. Only `credentials`, `endpoint` and `serviceName` are
 * required; the rest default as in the TelemetryFlow Python SDK (see `CONFIG_DEFAULTS`). Durations are
 * milliseconds.
 */
export interface TelemetryConfigOptions {
  readonly credentials: Credentials;
  /** `host:port`, or for HTTP also an `http(s)://` URL with an optional path prefix. */
  readonly endpoint: string;
  readonly serviceName: string;
  readonly serviceVersion?: string;
  readonly serviceNamespace?: string;
  readonly environment?: string;
  readonly protocol?: Protocol;
  /** Plaintext (no TLS). */
  readonly insecure?: boolean;
  /** Deadline of one export request. */
  readonly timeoutMs?: number;
  /** gzip request bodies. */
  readonly compression?: boolean;
  readonly retryEnabled?: boolean;
  /** Retries after the first attempt. */
  readonly maxRetries?: number;
  /** First retry delay; it doubles per attempt (with jitter). */
  readonly retryBackoffMs?: number;
  readonly grpcKeepalive?: Partial<GrpcKeepalive>;
  readonly grpcMaxReceiveMessageSize?: number;
  readonly grpcMaxSendMessageSize?: number;
  readonly enableMetrics?: boolean;
  readonly enableLogs?: boolean;
  readonly enableTraces?: boolean;
  readonly enableExemplars?: boolean;
  /** Extra resource attributes, merged over the service attributes. */
  readonly customAttributes?: Readonly<Record<string, ResourceAttributeValue>>;
  /** Longest a record waits before its batch is exported; also the metric export interval. */
  readonly batchTimeoutMs?: number;
  /** Most records in one export request. */
  readonly batchMaxSize?: number;
  readonly collectorId?: string;
  /**
   * Export requests per minute, all signals together (a token bucket: bursts of one second's
   * worth). It limits requests, not items: a request that had to wait for it carries every batch
   * queued meanwhile, up to the transport's request size limit. Default 1000.
   */
  readonly rateLimit?: number;
  /**
   * Most bytes of encoded export requests each signal holds, queued and in flight; past it, new
   * items are dropped and counted in `getStatus()`. Default 32 MiB (33554432).
   */
  readonly maxQueueBytes?: number;
  /** Use the TelemetryFlow collector's `/v2/{signal}` HTTP paths (authenticated). */
  readonly useV2Api?: boolean;
  /** Only the v2 API (implies `useV2Api`). */
  readonly v2Only?: boolean;
  readonly collectorName?: string;
  readonly collectorHostname?: string;
  readonly datacenter?: string;
  /** Per-signal HTTP path overrides, e.g. `{ traces: '/otlp/v1/traces' }`. */
  readonly signalPaths?: Readonly<Partial<Record<SignalType, string>>>;
  /** Most attributes per span, span event, span link, log record and metric recording; beyond, dropped. */
  readonly attributeCountLimit?: number;
  /** Longest string attribute value (characters); longer ones are truncated. */
  readonly attributeValueLengthLimit?: number;
  /** Most series per metric instrument; new attribute sets beyond it go to the `otel.metric.overflow` series. */
  readonly metricCardinalityLimit?: number;
  /**
   * When the process runs out of work (`beforeExit`), the client shuts down within this budget, in
   * ms, so that what was recorded is sent before a natural exit; `0` turns it off. Default 5000.
   */
  readonly exitFlushTimeoutMs?: number;
  /**
   * Headers sent with every export request on both transports (gateway keys, tenant ids). Names:
   * letters, digits, `-`, `_`, `.`; values: printable ASCII. `Authorization`, `X-TelemetryFlow-*`
   * and the transports' own headers are refused. Values never appear in logs, errors, JSON or
   * `inspect`.
   */
  readonly headers?: Readonly<Record<string, string>>;
  /** Per-signal endpoint, headers, timeout, compression and batching (see {@link SignalOverrides}). */
  readonly signalOverrides?: Readonly<Partial<Record<SignalType, SignalOverrides>>>;
  /** Head sampler; default `{ type: 'parentbased_always_on' }`. */
  readonly sampler?: SamplerSettings;
  /** Context propagation formats, in order; default `['tracecontext', 'baggage']`; `[]` for none. */
  readonly propagators?: readonly PropagatorName[];
  /**
   * Resource detectors whose attributes every signal carries (`OTEL_NODE_RESOURCE_DETECTORS`);
   * default all of `env`, `host`, `os`, `process`, `container`; `[]` for none (see `RESOURCE_DETECTOR_NAMES`).
   */
  readonly resourceDetectors?: readonly ResourceDetectorName[];
  /** Interval between metric exports, in ms. Default: `batchTimeoutMs` (10 s). */
  readonly metricExportIntervalMs?: number;
  /** Longest one metric collection and export may take, in ms. Default: the lesser of `timeoutMs` and the interval. */
  readonly metricExportTimeoutMs?: number;
  /** Span limits beyond the general attribute limits. */
  readonly spanLimits?: SpanLimitSettings;
  /** Log record limits beyond the general attribute limits. */
  readonly logRecordLimits?: LogRecordLimitSettings;
  /** Which measurements may become exemplars when `enableExemplars` is on; default `trace_based`. */
  readonly exemplarFilter?: ExemplarFilter;
  /** Delta or cumulative points per instrument kind; default `cumulative` (see {@link TemporalityPreference}). */
  readonly metricTemporalityPreference?: TemporalityPreference;
  /** Histograms not named in `histogramBuckets`; default `explicit_bucket_histogram` (see {@link HistogramAggregation}). */
  readonly histogramAggregation?: HistogramAggregation;
  /**
   * Explicit bucket boundaries per histogram name (strictly increasing, finite, at most 256), in
   * the histogram's unit; they win over `histogramAggregation` for that histogram. Default `{}`.
   */
  readonly histogramBuckets?: Readonly<Record<string, readonly number[]>>;
  /** What the SDK prints about itself by default (`onDiagnostic` still sees everything); default `warn`. */
  readonly logLevel?: DiagnosticLogLevel;
}
