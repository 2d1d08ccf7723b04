/** Span status, as OpenTelemetry defines it. */
export const SpanStatus = {
  UNSET: 'unset',
  OK: 'ok',
  ERROR: 'error',
} as const;
export type SpanStatus = (typeof SpanStatus)[keyof typeof SpanStatus];

const STATUSES: readonly string[] = Object.values(SpanStatus);

export const isSpanStatus = (value: unknown): value is SpanStatus =>
  typeof value === 'string' && STATUSES.includes(value);
