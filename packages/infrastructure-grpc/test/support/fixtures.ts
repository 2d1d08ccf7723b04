import type { GrpcReceiver } from '@telemetryflow-internal/test-utils/grpc-receiver';
import { TelemetryFlowBuilder } from '@telemetryflow/client';
import type { Diagnostic, TelemetryFlowClient } from '@telemetryflow/client';
import { Credentials, TelemetryConfig } from '@telemetryflow/domain';
import type { ExportTransport, ExportTransportFactory, TelemetryConfigOptions } from '@telemetryflow/domain';
import { createGrpcTransport } from '../../src/index.js';
import type { GrpcTransportOptions } from '../../src/index.js';

export const KEY_ID = 'tfk_grpc-test-key';
export const SECRET = 'tfs_grpc-test-secret-9c41e7';

/** A validated configuration pointing at `address`, plaintext unless overridden. */
export const configFor = (
  address: string,
  overrides: Partial<TelemetryConfigOptions> = {},
): TelemetryConfig =>
  TelemetryConfig.create({
    credentials: Credentials.create(KEY_ID, SECRET),
    endpoint: address,
    serviceName: 'svc',
    insecure: true,
    ...overrides,
  });

/** A transport made the way the client makes it; `reports` collects what it tells the SDK. */
export const transportFor = (
  config: TelemetryConfig,
  options?: GrpcTransportOptions,
): { transport: ExportTransport; reports: string[] } => {
  const reports: string[] = [];
  const transport = createGrpcTransport(options)(config, {
    report: (code, message) => reports.push(`${code}: ${message}`),
  });
  return { transport, reports };
};

export interface ClientSetup {
  /** Retries after the first attempt (default 2) and the first backoff (default 10 ms). */
  readonly maxRetries?: number;
  readonly retryBackoffMs?: number;
  readonly timeoutMs?: number;
  readonly compression?: boolean;
  /** Default: `createGrpcTransport()`; `null` lets the builder resolve the installed package. */
  readonly exporter?: ExportTransportFactory | null;
  readonly insecure?: boolean;
  /** Export only spans (no periodic metric exports in the way). */
  readonly tracesOnly?: boolean;
  /** Collect diagnostics (default) or leave them to the default sink, `process.emitWarning`. */
  readonly collectDiagnostics?: boolean;
  /** Default: the receiver's address. */
  readonly endpoint?: string;
}

/**
 * A real client built by the builder, exporting to `receiver` over gRPC with small batch and
 * retry delays; diagnostics are collected.
 */
export const clientFor = (
  receiver: GrpcReceiver,
  setup: ClientSetup = {},
): { client: TelemetryFlowClient; diagnostics: Diagnostic[] } => {
  const diagnostics: Diagnostic[] = [];
  const builder = new TelemetryFlowBuilder({})
    .withApiKey(KEY_ID, SECRET)
    .withEndpoint(setup.endpoint ?? receiver.address)
    .withService('svc', '1.2.3')
    .withEnvironment('test')
    .withInsecure(setup.insecure ?? true)
    .withBatchSettings(20)
    .withRetry(true, setup.maxRetries ?? 2, setup.retryBackoffMs ?? 10)
    .withCompression(setup.compression ?? true);
  if (setup.collectDiagnostics !== false) builder.withDiagnostics((d) => diagnostics.push(d));
  if (setup.tracesOnly === true) builder.withTracesOnly();
  if (setup.timeoutMs !== undefined) builder.withTimeout(setup.timeoutMs);
  if (setup.exporter !== null) builder.withExporter(setup.exporter ?? createGrpcTransport());
  return { client: builder.build(), diagnostics };
};

/** Writes a length-delimited protobuf field. */
const field = (number: number, bytes: Uint8Array): Uint8Array =>
  Uint8Array.from([(number << 3) | 2, bytes.length, ...bytes]);

/** A small valid `ExportLogsServiceRequest`: one log record with a string body. */
export const logsRequest = (body: string): Uint8Array => {
  const anyValue = field(1, new TextEncoder().encode(body));
  return field(1, field(2, field(2, field(5, anyValue))));
};
