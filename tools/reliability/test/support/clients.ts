import { TelemetryFlowBuilder } from '@telemetryflow/client';
import type { Diagnostic, TelemetryFlowClient } from '@telemetryflow/client';
import { createGrpcTransport } from '@telemetryflow/infrastructure-grpc';
import { createHttpTransport } from '@telemetryflow/infrastructure-http';
import { AttemptLog } from './attempt-log.js';
import type { Protocol } from './collectors.js';
import { KEY_ID, SECRET } from './secrets.js';

export interface ClientSetup {
  readonly protocol: Protocol;
  /** `127.0.0.1:port` of the collector (which may not be listening). */
  readonly address: string;
  readonly maxRetries: number;
  readonly retryBackoffMs: number;
  /** Deadline of one export request. */
  readonly timeoutMs: number;
  readonly batchMaxSize?: number;
  readonly batchTimeoutMs?: number;
  /** Export requests per minute (high by default: the faults, not the rate limit, are under test). */
  readonly rateLimit?: number;
  /** Most bytes of encoded requests each signal holds (default: the client's, 32 MiB). */
  readonly maxQueueBytes?: number;
}

export interface TestClient {
  readonly client: TelemetryFlowClient;
  readonly diagnostics: Diagnostic[];
  /** Every send through the real transport. */
  readonly attempts: AttemptLog;
}

/** A client built by the builder, exporting through the real transport of `protocol`. */
export const buildClient = (setup: ClientSetup): TestClient => {
  const diagnostics: Diagnostic[] = [];
  const attempts = new AttemptLog();
  const transport = setup.protocol === 'grpc' ? createGrpcTransport() : createHttpTransport();
  const builder = new TelemetryFlowBuilder({})
    .withApiKey(KEY_ID, SECRET)
    .withEndpoint(setup.address)
    .withProtocol(setup.protocol)
    .withInsecure()
    .withService('reliability', '1.0.0')
    .withEnvironment('test')
    .withRetry(true, setup.maxRetries, setup.retryBackoffMs)
    .withTimeout(setup.timeoutMs)
    .withBatchSettings(setup.batchTimeoutMs ?? 200, setup.batchMaxSize ?? 512)
    .withRateLimit(setup.rateLimit ?? 600_000)
    .withDiagnostics((d) => diagnostics.push(d))
    .withExporter(attempts.wrap(transport));
  if (setup.maxQueueBytes !== undefined) builder.withMaxQueueBytes(setup.maxQueueBytes);
  return { client: builder.build(), diagnostics, attempts };
};
