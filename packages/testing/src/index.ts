export { createTestClient, diagnostics, logs, metricPoints, reset, spans } from './test-client.js';
export type { LogFilter, SpanFilter, TestClientOptions } from './test-client.js';
export { InMemoryTransport } from './in-memory-transport.js';
export { StoreReadPort } from './store-read-port.js';
export type { StoreReadPortOptions } from './store-read-port.js';
export { DEFAULT_MAX_ITEMS, TelemetryStore } from './telemetry-store.js';
export type { MetricValue, TelemetryStoreOptions } from './telemetry-store.js';
export type {
  ExponentialBuckets,
  MetricPoint,
  MetricType,
  Origin,
  RecordedLog,
  RecordedSpan,
  Scope,
  SpanLink,
} from './records.js';
