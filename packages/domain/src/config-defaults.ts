import { Protocol } from './protocol.js';
import { RESOURCE_DETECTOR_NAMES } from './resource-detectors.js';

/** gRPC keepalive pings (milliseconds). */
export interface GrpcKeepalive {
  readonly timeMs: number;
  readonly timeoutMs: number;
  readonly permitWithoutStream: boolean;
}

/** Defaults of the TelemetryFlow Python SDK's `TelemetryConfig`, with `timedelta`s in milliseconds. */
export const CONFIG_DEFAULTS = Object.freeze({
  serviceVersion: '1.0.0',
  serviceNamespace: 'telemetryflow',
  environment: 'production',
  protocol: Protocol.GRPC,
  insecure: false,
  timeoutMs: 30_000,
  compression: true,
  retryEnabled: true,
  maxRetries: 3,
  retryBackoffMs: 5_000,
  // Not the Python SDK's 10 s / 5 s / permit-without-stream, which it never applied: applied,
  // those make grpc-go servers (the OpenTelemetry and TelemetryFlow collectors) close the
  // connection with GOAWAY "too_many_pings". These match grpc-go's server enforcement policy.
  grpcKeepalive: Object.freeze({
    timeMs: 300_000,
    timeoutMs: 20_000,
    permitWithoutStream: false,
  }),
  grpcMaxReceiveMessageSize: 4 * 1024 * 1024,
  grpcMaxSendMessageSize: 4 * 1024 * 1024,
  enableMetrics: true,
  enableLogs: true,
  enableTraces: true,
  enableExemplars: true,
  batchTimeoutMs: 10_000,
  batchMaxSize: 512,
  /** Export requests per minute, all signals together (the TelemetryFlow Python SDK's default). */
  rateLimit: 1_000,
  /**
   * Most bytes of encoded export requests held per signal (queued and in flight): a burst of
   * about 100k small spans, while a collector that is down costs at most this much per signal.
   */
  maxQueueBytes: 32 * 1024 * 1024,
  useV2Api: false,
  v2Only: false,
  /** Most attributes per span, span event, span link and log record (OpenTelemetry's default). */
  attributeCountLimit: 128,
  /**
   * Longest string attribute value, in characters (also each string in an array). OpenTelemetry's
   * default is unlimited; a bound keeps one huge value from being held in every queued item and
   * from pushing export requests past the collector's 4 MiB message limit.
   */
  attributeValueLengthLimit: 4_096,
  /** Most series (attribute sets) per metric instrument, the overflow series included (OpenTelemetry's default). */
  metricCardinalityLimit: 2_000,
  /** Budget of the shutdown run when the process is about to exit naturally (`beforeExit`); 0: none. */
  exitFlushTimeoutMs: 5_000,
  /** Sample what the parent sampled; sample every root (OpenTelemetry's default). */
  sampler: Object.freeze({ type: 'parentbased_always_on' as const }),
  /** W3C Trace Context and W3C Baggage (OpenTelemetry's default `OTEL_PROPAGATORS`). */
  propagators: Object.freeze(['tracecontext', 'baggage'] as const),
  /** Every detector, as the OpenTelemetry JS Node SDK when `OTEL_NODE_RESOURCE_DETECTORS` is unset. */
  resourceDetectors: RESOURCE_DETECTOR_NAMES,
  exemplarFilter: 'trace_based' as const,
  metricTemporalityPreference: 'cumulative' as const,
  histogramAggregation: 'explicit_bucket_histogram' as const,
  histogramBuckets: Object.freeze({}) as Readonly<Record<string, readonly number[]>>,
  logLevel: 'warn' as const,
});

/**
 * Longest delay, in ms, that a Node timer takes (2^31 − 1, about 24.8 days); a longer one fires at
 * once with a `TimeoutOverflowWarning`. Durations in the configuration may not exceed it, and the
 * client clamps `flush()` / `shutdown()` timeouts to it.
 */
export const MAX_TIMER_MS = 2_147_483_647;

/** Where the TelemetryFlow Python SDK's builder points when nothing is configured. */
export const DEFAULT_ENDPOINT = 'api.telemetryflow.id:4317';
