/**
 * OTLP severity numbers of winston's level names, after the OpenTelemetry log data model's
 * Appendix B: its `npm` levels (the default), its `syslog` levels, and OpenTelemetry's own names.
 * The two sets agree where they share a name (`error`, `info`, `debug`).
 */
export const WINSTON_SEVERITY_NUMBERS: Readonly<Record<string, number>> = Object.freeze({
  // npm: error 0, warn 1, info 2, http 3, verbose 4, debug 5, silly 6
  error: 17, // ERROR
  warn: 13, // WARN
  info: 9, // INFO
  http: 7, // DEBUG3: less than info, more than verbose
  verbose: 6, // DEBUG2
  debug: 5, // DEBUG
  silly: 1, // TRACE
  // syslog: emerg 0, alert 1, crit 2, error 3, warning 4, notice 5, info 6, debug 7
  emerg: 21, // FATAL (Emergency)
  alert: 19, // ERROR3 (Alert)
  crit: 18, // ERROR2 (Critical)
  warning: 13, // WARN (Warning)
  notice: 10, // INFO2 (Notice)
  // OpenTelemetry's short names
  trace: 1,
  fatal: 21,
});

/** The OTLP severity number of a winston level name; 9 (INFO) for a name not in the table. */
export const winstonSeverityNumber = (level: string): number =>
  Object.hasOwn(WINSTON_SEVERITY_NUMBERS, level) ? (WINSTON_SEVERITY_NUMBERS[level] as number) : 9;
