/** pino's default levels: label → number. */
export const PINO_LEVELS: Readonly<Record<string, number>> = Object.freeze({
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
});

/** pino's default levels: number → label. */
export const PINO_LABELS: Readonly<Record<number, string>> = Object.freeze(
  Object.fromEntries(Object.entries(PINO_LEVELS).map(([label, level]) => [level, label])),
);

/**
 * The OTLP `SeverityNumber` of a pino level. pino's levels map to the first number of their range
 * (trace 10 → TRACE 1, debug 20 → DEBUG 5, info 30 → INFO 9, warn 40 → WARN 13, error 50 → ERROR
 * 17, fatal 60 → FATAL 21). A custom level between two of them falls in the lower one's range, one
 * step per 2.5: 35 → INFO3 11, 45 → WARN3 15; below 10 → TRACE 1; 60 and above → FATAL 21 … 24.
 */
export const pinoSeverityNumber = (level: number): number => {
  if (!(level > 10)) return 1; // NaN too
  const range = Math.min(Math.floor(level / 10) - 1, 5); // 0 trace … 5 fatal
  const step = Math.min(3, Math.floor((level - (range + 1) * 10) / 2.5));
  return range * 4 + 1 + step;
};
