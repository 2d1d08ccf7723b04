import pino from 'pino';
import pino9 from 'pino9';
import { startLoopbackClient } from '@telemetryflow-internal/test-utils/http-receiver';
import type { RunningLoopbackClient } from '@telemetryflow-internal/test-utils/http-receiver';
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

/** An initialized client sending to a loopback OTLP/HTTP receiver. */
export type Bridge = RunningLoopbackClient<TelemetryFlowClient>;

export const startBridge = (
  overrides: Partial<TelemetryConfigOptions> = {},
  onDiagnostic?: (d: Diagnostic) => void,
): Promise<Bridge> => startLoopbackClient(TelemetryFlowClient, overrides, onDiagnostic);

/** `timeUnixNano` for epoch milliseconds. */
export const nanos = (ms: number): string => (BigInt(Math.round(ms * 1000)) * 1000n).toString();
