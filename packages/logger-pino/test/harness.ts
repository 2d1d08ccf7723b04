import pino from 'pino';
import pino9 from 'pino9';
import { AMPLE_MS } from '@telemetryflow-internal/test-utils';
import { loopbackClient } from '@telemetryflow-internal/test-utils/http-receiver';
import type { LoopbackClient } from '@telemetryflow-internal/test-utils/http-receiver';
import { TelemetryFlowClient } from '@telemetryflow/client';
import type { Diagnostic, TelemetryConfigOptions } from '@telemetryflow/client';

/** Both supported majors, run through pino 10's types. */
export const PINO_MAJORS = [
  { name: 'pino 9', pino: pino9 as unknown as typeof pino },
  { name: 'pino 10', pino },
] as const;

/** What the app's own destination received: the lines, as pino wrote them. */
export interface AppOutput {
  readonly lines: string[];
  write(line: string): void;
  /** The lines parsed. */
  records(): Record<string, unknown>[];
}

export const appOutput = (): AppOutput => {
  const lines: string[] = [];
  return {
    lines,
    write: (line) => void lines.push(line),
    records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
};

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

/** `timeUnixNano` for epoch milliseconds. */
export const nanos = (ms: number): string => (BigInt(Math.round(ms * 1000)) * 1000n).toString();
