import { describe, expect, it } from 'vitest';
import { GrpcStatus, RETRYABLE_STATUSES } from '../src/index.js';
import { outcomeOfStatus } from '../src/status-outcome.js';

const RETRYABLE = [
  'CANCELLED',
  'DEADLINE_EXCEEDED',
  'ABORTED',
  'OUT_OF_RANGE',
  'UNAVAILABLE',
  'DATA_LOSS',
] as const;
const FAILED = [
  'UNKNOWN',
  'INVALID_ARGUMENT',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'FAILED_PRECONDITION',
  'UNIMPLEMENTED',
  'INTERNAL',
  'UNAUTHENTICATED',
] as const;

describe('outcomeOfStatus', () => {
  it.each(RETRYABLE)('makes %s retryable', (name) => {
    expect(outcomeOfStatus({ code: GrpcStatus[name], details: 'x' })).toEqual({
      status: 'retryable',
      reason: `${name}: x`,
    });
  });

  it.each(FAILED)('makes %s failed, with or without a RetryInfo', (name) => {
    const expected = { status: 'failed', reason: `${name}: x` };

    expect(outcomeOfStatus({ code: GrpcStatus[name], details: 'x' })).toEqual(expected);
    expect(outcomeOfStatus({ code: GrpcStatus[name], details: 'x', retryDelayMs: 100 })).toEqual(expected);
  });

  it('makes RESOURCE_EXHAUSTED retryable after the RetryInfo delay only when there is one', () => {
    const code = GrpcStatus.RESOURCE_EXHAUSTED;

    expect(outcomeOfStatus({ code, details: 'quota' })).toEqual({
      status: 'failed',
      reason: 'RESOURCE_EXHAUSTED: quota',
    });
    expect(outcomeOfStatus({ code, details: 'quota', retryDelayMs: 750 })).toEqual({
      status: 'retryable',
      retryAfterMs: 750,
      reason: 'RESOURCE_EXHAUSTED: quota',
    });
  });

  it('passes a RetryInfo delay on with the other retryable codes', () => {
    expect(outcomeOfStatus({ code: GrpcStatus.UNAVAILABLE, details: '', retryDelayMs: 0 })).toEqual({
      status: 'retryable',
      retryAfterMs: 0,
      reason: 'UNAVAILABLE',
    });
  });

  it('names a code gRPC does not define and fails it', () => {
    expect(outcomeOfStatus({ code: 99, details: 'odd' })).toEqual({
      status: 'failed',
      reason: 'status 99: odd',
    });
  });

  it('keeps reasons on one bounded line', () => {
    const outcome = outcomeOfStatus({
      code: GrpcStatus.INTERNAL,
      details: `line one\nline two ${'x'.repeat(1_000)}`,
    });

    expect(outcome.status === 'failed' && outcome.reason).toMatch(/^INTERNAL: line one line two x+…$/);
    expect(outcome.status === 'failed' && outcome.reason.length).toBeLessThan(330);
  });

  it('fails an UNAVAILABLE caused by the TLS handshake on a TLS channel, with what to do', () => {
    const details =
      'No connection established. Last error: Error: self-signed certificate (2026-11-25T10:00:00Z).';

    expect(outcomeOfStatus({ code: GrpcStatus.UNAVAILABLE, details, tls: true })).toEqual({
      status: 'failed',
      reason:
        'UNAVAILABLE: TLS certificate of the collector not accepted (self-signed certificate); ' +
        'pass the collector CA with createGrpcTransport({ ca }) or OTEL_EXPORTER_OTLP_CERTIFICATE',
    });
    expect(outcomeOfStatus({ code: GrpcStatus.UNAVAILABLE, details }).status).toBe('retryable');
  });

  it('keeps other connection problems of a TLS channel retryable', () => {
    const details = 'No connection established. Last error: connect ECONNREFUSED 127.0.0.1:4317';

    expect(outcomeOfStatus({ code: GrpcStatus.UNAVAILABLE, details, tls: true }).status).toBe('retryable');
  });

  it('drops the empty "Resolution note" grpc-js appends', () => {
    const details = 'No connection established. Last error: Failed to connect. Resolution note: ';

    expect(outcomeOfStatus({ code: GrpcStatus.UNAVAILABLE, details })).toMatchObject({
      reason: 'UNAVAILABLE: No connection established. Last error: Failed to connect.',
    });
  });

  it('lists exactly the retryable codes of the OTLP specification', () => {
    expect([...RETRYABLE_STATUSES].sort((a, b) => a - b)).toEqual(
      RETRYABLE.map((n) => GrpcStatus[n]).sort((a, b) => a - b),
    );
  });
});
