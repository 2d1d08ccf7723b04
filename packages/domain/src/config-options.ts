import type { ResourceAttributeValue } from './attributes.js';
import type { GrpcKeepalive } from './config-defaults.js';
import type { Credentials } from './credentials.js';
import type { Protocol } from './protocol.js';
import type { SignalType } from './signal-type.js';

/**
 * Everything `TelemetryConfig` holds. Only `credentials`, `endpoint` and `serviceName` are
 * required; the rest default as in the reference SDK (see `CONFIG_DEFAULTS`). Durations are
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
  /** Export requests per minute, all signals together. */
  readonly rateLimit?: number;
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
}
