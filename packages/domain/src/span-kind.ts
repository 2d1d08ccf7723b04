/** Span kind. Values match the Python SDK's `SpanKind` enum. */
export const SpanKind = {
  INTERNAL: 'internal',
  SERVER: 'server',
  CLIENT: 'client',
  PRODUCER: 'producer',
  CONSUMER: 'consumer',
} as const;
export type SpanKind = (typeof SpanKind)[keyof typeof SpanKind];

const KINDS: readonly string[] = Object.values(SpanKind);

export const isSpanKind = (value: unknown): value is SpanKind =>
  typeof value === 'string' && KINDS.includes(value);
