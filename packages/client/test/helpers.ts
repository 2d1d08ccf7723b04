import { InMemoryTransport } from '@telemetryflow-internal/test-utils';
import type { Diagnostic } from '../src/index.js';
import { Credentials, TelemetryConfig, TelemetryFlowClient } from '../src/index.js';
import type { ClientOptions, TelemetryConfigOptions } from '../src/index.js';

export const SECRET = 'tfs_client-test-secret-7f3a';

export const testConfig = (overrides: Partial<TelemetryConfigOptions> = {}): TelemetryConfig =>
  TelemetryConfig.create({
    credentials: Credentials.create('tfk_client-test', SECRET),
    endpoint: '127.0.0.1:4317',
    serviceName: 'orders',
    serviceVersion: '2.3.4',
    environment: 'test',
    batchTimeoutMs: 20,
    retryBackoffMs: 5,
    ...overrides,
  });

/** A client on an in-memory transport, with diagnostics collected instead of printed. */
export const makeClient = (
  overrides: Partial<TelemetryConfigOptions> = {},
  options: ClientOptions = {},
): { client: TelemetryFlowClient; transport: InMemoryTransport; diagnostics: Diagnostic[] } => {
  const transport = new InMemoryTransport();
  const diagnostics: Diagnostic[] = [];
  const client = new TelemetryFlowClient(testConfig(overrides), {
    transport,
    onDiagnostic: (d) => diagnostics.push(d),
    ...options,
  });
  return { client, transport, diagnostics };
};

/** A promise that never settles: a collector that accepts and never answers. */
export const never = <T>(): Promise<T> => new Promise<T>(() => undefined);
