import { Credentials, TelemetryConfig } from '@telemetryflow/domain';
import type { ExportTransport, TelemetryConfigOptions } from '@telemetryflow/domain';
import { anyValue, attributes } from '../otlp-views.js';
import { AMPLE_MS } from '../wait-for.js';
import { startHttpReceiver } from './http-receiver.js';
import { loopbackTransport } from './loopback-transport.js';
import type { HttpReceiver } from './receiver-types.js';

type Obj = Record<string, unknown>;

/** A client diagnostic, as `withDiagnostics` handlers receive it. */
export interface DiagnosticLike {
  readonly code: string;
  readonly message: string;
}

/** `TelemetryFlowClient`'s constructor (test-utils cannot depend on @telemetryflow/client). */
export type LoopbackClientConstructor<C> = new (
  config: TelemetryConfig,
  options: { readonly transport: ExportTransport; readonly onDiagnostic: (d: DiagnosticLike) => void },
) => C;

/** A log record as the receiver decoded it, with its body and attributes as plain values. */
export type ReceivedLog = Obj & { readonly body: unknown; readonly attrs: Obj };

export interface LoopbackClient<C> {
  /** Not yet initialized; exports to `receiver` over OTLP/HTTP on 127.0.0.1. */
  readonly client: C;
  readonly receiver: HttpReceiver;
  /** The log records received so far. */
  logs(): ReceivedLog[];
}

/**
 * A real client exporting over loopback OTLP/HTTP to a receiver on an ephemeral port (batches every
 * 50 ms), its diagnostics given to `onDiagnostic` (default: ignored). Close the receiver when done.
 */
export const loopbackClient = async <C>(
  Client: LoopbackClientConstructor<C>,
  overrides: Partial<TelemetryConfigOptions> = {},
  onDiagnostic: (d: DiagnosticLike) => void = () => undefined,
): Promise<LoopbackClient<C>> => {
  const receiver = await startHttpReceiver();
  const config = TelemetryConfig.create({
    credentials: Credentials.create('tfk_logger-test', 'tfs_logger-test-secret'),
    endpoint: receiver.address,
    protocol: 'http',
    serviceName: 'logger-test',
    batchTimeoutMs: 50,
    ...overrides,
  });
  const client = new Client(config, { transport: loopbackTransport(receiver.url), onDiagnostic });
  const logs = (): ReceivedLog[] =>
    receiver.logs().map(({ item }) => ({
      ...item,
      body: anyValue(item['body']),
      attrs: attributes(item['attributes']),
    }));
  return { client, receiver, logs };
};

/** The client methods `startLoopbackClient` drives. */
interface Runnable {
  initialize(): unknown;
  flush(timeoutMs: number): Promise<void>;
  shutdown(timeoutMs: number): Promise<void>;
}

export interface RunningLoopbackClient<C> extends LoopbackClient<C> {
  /** Exports what is pending (so `logs()` holds every record made so far). */
  flush(): Promise<void>;
  /** Shuts the client down, then closes the receiver. */
  close(): Promise<void>;
}

/** `loopbackClient`, with the client initialized; `close()` when done. */
export const startLoopbackClient = async <C extends Runnable>(
  Client: LoopbackClientConstructor<C>,
  overrides: Partial<TelemetryConfigOptions> = {},
  onDiagnostic?: (d: DiagnosticLike) => void,
): Promise<RunningLoopbackClient<C>> => {
  const loopback = await loopbackClient(Client, overrides, onDiagnostic);
  loopback.client.initialize();
  return {
    ...loopback,
    flush: () => loopback.client.flush(AMPLE_MS),
    async close() {
      await loopback.client.shutdown(AMPLE_MS);
      await loopback.receiver.close();
    },
  };
};
