import { Credentials, TelemetryConfig } from '@telemetryflow/domain';
import type { ExportTransport, TelemetryConfigOptions } from '@telemetryflow/domain';
import { InMemoryTransport } from './in-memory-transport.js';

/**
 * `TelemetryFlowClient`'s constructor. It is passed in because test-utils cannot depend on
 * @telemetryflow/client: the client's own tests depend on test-utils.
 */
export type InMemoryClientConstructor<C> = new (
  config: TelemetryConfig,
  options: { readonly transport: ExportTransport; readonly onDiagnostic: () => void },
) => C;

/**
 * A client (not yet initialized) exporting to an in-memory OTLP receiver, with diagnostics
 * silenced; the server-middleware tests build theirs with it.
 */
export const inMemoryClient = <C>(
  Client: InMemoryClientConstructor<C>,
  overrides: Partial<TelemetryConfigOptions> = {},
): { client: C; transport: InMemoryTransport } => {
  const transport = new InMemoryTransport();
  const config = TelemetryConfig.create({
    credentials: Credentials.create('tfk_middleware-test', 'tfs_middleware-test-secret'),
    endpoint: '127.0.0.1:4317',
    serviceName: 'web',
    batchTimeoutMs: 50,
    ...overrides,
  });
  return { client: new Client(config, { transport, onDiagnostic: () => undefined }), transport };
};
