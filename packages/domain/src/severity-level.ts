/** Log severity. Values match the Python SDK's `SeverityLevel` enum. */
export const SeverityLevel = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
  FATAL: 'fatal',
} as const;
export type SeverityLevel = (typeof SeverityLevel)[keyof typeof SeverityLevel];

const SEVERITY_NUMBERS: Readonly<Record<SeverityLevel, number>> = Object.freeze({
  trace: 1,
  debug: 5,
  info: 9,
  warn: 13,
  error: 17,
  fatal: 21,
});

export const isSeverityLevel = (value: unknown): value is SeverityLevel =>
  typeof value === 'string' && Object.hasOwn(SEVERITY_NUMBERS, value);

/** The OTLP `SeverityNumber` of the first entry of each level's range (TRACE=1 … FATAL=21). */
export const severityNumberOf = (level: SeverityLevel): number => SEVERITY_NUMBERS[level];
