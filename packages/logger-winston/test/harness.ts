import { Writable } from 'node:stream';
import { startLoopbackClient } from '@telemetryflow-internal/test-utils/http-receiver';
import type { RunningLoopbackClient } from '@telemetryflow-internal/test-utils/http-receiver';
import { TelemetryFlowClient } from '@telemetryflow/client';
import type { Diagnostic, TelemetryConfigOptions } from '@telemetryflow/client';

/** An initialized client sending to a loopback OTLP/HTTP receiver. */
export type Bridge = RunningLoopbackClient<TelemetryFlowClient>;

export const startBridge = (
  overrides: Partial<TelemetryConfigOptions> = {},
  onDiagnostic?: (d: Diagnostic) => void,
): Promise<Bridge> => startLoopbackClient(TelemetryFlowClient, overrides, onDiagnostic);

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
