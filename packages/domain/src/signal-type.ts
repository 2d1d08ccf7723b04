/** Telemetry signal. Values match the Python SDK's `SignalType` enum. */
export const SignalType = {
  METRICS: 'metrics',
  LOGS: 'logs',
  TRACES: 'traces',
} as const;
export type SignalType = (typeof SignalType)[keyof typeof SignalType];

/** Every signal, in the order the TelemetryFlow Python SDK reports them. */
export const ALL_SIGNALS: readonly SignalType[] = Object.freeze([
  SignalType.METRICS,
  SignalType.LOGS,
  SignalType.TRACES,
]);

export const isSignalType = (value: unknown): value is SignalType =>
  ALL_SIGNALS.includes(value as SignalType);
