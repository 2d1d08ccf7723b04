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

/** A process warning as Node emitted it. */
export interface EmittedWarning {
  readonly name: string;
  readonly code: string | undefined;
  readonly message: string;
}

/** The process warnings emitted while `fn` runs (they are emitted on the next tick: waited for). */
export const warningsDuring = async (fn: () => Promise<void>): Promise<EmittedWarning[]> => {
  const warnings: EmittedWarning[] = [];
  const onWarning = (warning: Error & { code?: string }): void => {
    warnings.push({ name: warning.name, code: warning.code, message: warning.message });
  };
  process.on('warning', onWarning);
  try {
    await fn();
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off('warning', onWarning);
  }
  return warnings;
};
