export { PortInUseError, startDevCollector } from './dev-collector.js';
export type { DevCollector, DevCollectorOptions } from './dev-collector.js';
export { TelemetryStore, byStart } from './telemetry-store.js';
export type { EvictedCounts, MetricSeriesView, TelemetrySnapshot, TraceView } from './telemetry-store.js';
export { quantileOf, viewsOf } from './telemetry-views.js';
export type {
  ExemplarView,
  HistogramView,
  LogView,
  MetricPointView,
  SpanEventView,
  SpanLinkView,
  SpanView,
  Views,
} from './telemetry-views.js';
export { COLOR, PLAIN, cleanNumber, formatLog, formatMetric, formatTrace } from './terminal-view.js';
export type { Style } from './terminal-view.js';
export { LiveStream, formatBatch } from './live-stream.js';
export type { LiveStreamOptions } from './live-stream.js';
// The loopback receivers underneath, for benchmarks and tests that need only one of them.
export { grpcReply, startGrpcReceiver } from '@telemetryflow-internal/test-utils/grpc-receiver';
export type { GrpcReceiver, GrpcReceiverOptions } from '@telemetryflow-internal/test-utils/grpc-receiver';
export { startHttpReceiver } from '@telemetryflow-internal/test-utils/http-receiver';
export type { HttpReceiver, HttpReceiverOptions } from '@telemetryflow-internal/test-utils/http-receiver';
