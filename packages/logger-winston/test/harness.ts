import { Writable } from 'node:stream';
import { AMPLE_MS } from '@telemetryflow-internal/test-utils';
import { loopbackClient } from '@telemetryflow-internal/test-utils/http-receiver';
import type { LoopbackClient } from '@telemetryflow-internal/test-utils/http-receiver';
import { TelemetryFlowClient } from '@telemetryflow/client';
import type { Diagnostic, TelemetryConfigOptions } from '@telemetryflow/client';

export interface Bridge extends LoopbackClient<TelemetryFlowClient> {
  /** Exports what is pending (so `logs()` holds every record made so far). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** An initialized client sending to a loopback OTLP/HTTP receiver. */
export const startBridge = async (
  overrides: Partial<TelemetryConfigOptions> = {},
  onDiagnostic?: (d: Diagnostic) => void,
): Promise<Bridge> => {
  const loopback = await loopbackClient(TelemetryFlowClient, overrides, onDiagnostic);
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

/** The app's own output: a stream for `winston.transports.Stream`, keeping each line written. */
export const appOutput = (): { stream: Writable; lines: string[] } => {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString().trimEnd());
      done();
    },
  });
  return { stream, lines };
};

/** Epoch milliseconds of a received record's `timeUnixNano`. */
export const millisOf = (timeUnixNano: unknown): number =>
  Number(BigInt(timeUnixNano as string) / 1_000_000n);
