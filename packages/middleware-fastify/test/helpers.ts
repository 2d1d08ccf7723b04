import { InMemoryTransport } from '@telemetryflow-internal/test-utils';
import { Credentials, TelemetryConfig, TelemetryFlowClient } from '@telemetryflow/client';
import type { TelemetryConfigOptions } from '@telemetryflow/client';

export {
  baseUrlOf,
  closeServer,
  delay,
  metricPoints,
  postInChunks,
  receivedLogs,
  receivedSpans,
  serverSpans,
  total,
  traceparentFor,
  unitOf,
} from '@telemetryflow-internal/test-utils';
export type { Point } from '@telemetryflow-internal/test-utils';

/** An initialized client exporting to an in-memory OTLP receiver. */
export const makeClient = (
  overrides: Partial<TelemetryConfigOptions> = {},
): { client: TelemetryFlowClient; transport: InMemoryTransport } => {
  const transport = new InMemoryTransport();
  const config = TelemetryConfig.create({
    credentials: Credentials.create('tfk_middleware-test', 'tfs_middleware-test-secret'),
    endpoint: '127.0.0.1:4317',
    serviceName: 'web',
    batchTimeoutMs: 50,
    ...overrides,
  });
  const client = new TelemetryFlowClient(config, { transport, onDiagnostic: () => undefined });
  return { client: client.initialize(), transport };
};
