import { AMPLE_MS } from '@telemetryflow-internal/test-utils';
import { Credentials, TelemetryConfig, TelemetryFlowBuilder } from '@telemetryflow/client';
import type { Diagnostic, TelemetryConfigOptions, TelemetryFlowClient } from '@telemetryflow/client';
import { startHttpReceiver } from '@telemetryflow-internal/test-utils/http-receiver';
import type { HttpReceiver, HttpReceiverOptions } from '@telemetryflow-internal/test-utils/http-receiver';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

export const KEY_ID = 'tfk_http-test';
export const SECRET = 'tfs_http-test-secret-5be1';

interface Closable {
  close(): Promise<void>;
}

const open: Closable[] = [];

/** Closed after the test, whatever it did. */
export const track = <T extends Closable>(resource: T): T => {
  open.push(resource);
  return resource;
};

export const receiverFor = async (options: HttpReceiverOptions = {}): Promise<HttpReceiver> =>
  track(await startHttpReceiver(options));

/**
 * A builder for the receiver, as an application would write it, tuned for tests: plaintext,
 * no compression, small batches and backoff, 2 retries.
 */
export const builderFor = (receiver: HttpReceiver, diagnostics: Diagnostic[] = []): TelemetryFlowBuilder =>
  new TelemetryFlowBuilder()
    .withApiKey(KEY_ID, SECRET)
    .withEndpoint(receiver.address)
    .withService('svc')
    .withHttp()
    .withInsecure()
    .withCompression(false)
    .withBatchSettings(20)
    .withRetry(true, 2, 10)
    .withTimeout(AMPLE_MS)
    .withDiagnostics((d) => diagnostics.push(d));

/** Builds and initializes; the client is shut down after the test. */
export const started = (builder: TelemetryFlowBuilder): TelemetryFlowClient => {
  const client = builder.build().initialize();
  track({ close: () => client.shutdown(AMPLE_MS) });
  return client;
};

/** A configuration for calling a transport directly. */
export const configFor = (
  target: Pick<HttpReceiver, 'address'>,
  overrides: Partial<TelemetryConfigOptions> = {},
): TelemetryConfig =>
  TelemetryConfig.create({
    credentials: Credentials.create(KEY_ID, SECRET),
    endpoint: target.address,
    serviceName: 'svc',
    protocol: 'http',
    insecure: true,
    compression: false,
    ...overrides,
  });

/** Diagnostics a transport reported, for transports called directly. */
export const reportsTo = (reports: Diagnostic[]) => ({
  report: (code: string, message: string) => reports.push({ code, message }),
});

/**
 * Fails the test on unhandled rejections and uncaught exceptions, collects process warnings, and
 * closes what `track` got after each test. Call once at the top of a test file.
 */
export const guardProcess = (): { warnings: string[] } => {
  const problems: unknown[] = [];
  const warnings: string[] = [];
  const onProblem = (reason: unknown): void => {
    problems.push(reason);
  };
  const onWarning = (warning: Error): void => {
    warnings.push(`${warning.name}: ${warning.message}`);
  };
  beforeAll(() => {
    process.on('unhandledRejection', onProblem);
    process.on('uncaughtException', onProblem);
    process.on('warning', onWarning);
  });
  afterEach(async () => {
    for (const resource of open.splice(0).reverse()) await resource.close();
    expect(problems.splice(0)).toEqual([]);
  });
  afterAll(() => {
    process.off('unhandledRejection', onProblem);
    process.off('uncaughtException', onProblem);
    process.off('warning', onWarning);
  });
  return { warnings };
};

/** Everything a user could see, as one string, for secret hunting. */
export const visibleText = (...parts: unknown[]): string =>
  parts.map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join('\n');

export const spanNames = (receiver: HttpReceiver): unknown[] => receiver.spans().map((s) => s.item['name']);
