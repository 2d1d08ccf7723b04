import { ROOT_CONTEXT, context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { MAX_TIMER_MS } from '@telemetryflow/domain';
import type { ExportOutcome, ExportTransport, SignalType } from '@telemetryflow/domain';

const EXPORT_CONTEXT = suppressTracing(ROOT_CONTEXT);

// Grace on top of the request deadline before a transport that ignores it is given up on.
const DEADLINE_GRACE_MS = 1_000;

const OUTCOMES = new Set(['success', 'retryable', 'failed']);

const text = (error: unknown): string => {
  try {
    return String(error);
  } catch {
    return 'an error that cannot be printed';
  }
};

const transportError = (error: unknown): ExportOutcome => ({
  status: 'retryable',
  reason: `transport error: ${text(error)}`,
});

/** What the transport said, or a retryable outcome when it threw or said something else. */
const checked = (outcome: unknown): ExportOutcome =>
  OUTCOMES.has((outcome as { status?: unknown } | null)?.status as string)
    ? (outcome as ExportOutcome)
    : transportError(new TypeError('send() did not resolve to an ExportOutcome'));

const start = (transport: ExportTransport, signal: SignalType, body: Uint8Array, timeoutMs: number) => {
  try {
    // Outside any application context and with tracing suppressed: instrumented HTTP/gRPC
    // clients must not trace (and re-export) the export requests themselves.
    const sent = context.with(EXPORT_CONTEXT, () => transport.send(signal, body, { timeoutMs }));
    return Promise.resolve(sent).then(checked, transportError);
  } catch (error) {
    return Promise.resolve(transportError(error));
  }
};

/**
 * One request through `transport`, bounded by `timeoutMs` (plus a grace) even if the transport
 * ignores its deadline. Never rejects: a transport that throws (synchronously too), rejects or
 * resolves to something that is not an outcome gives a retryable outcome.
 */
export const sendAttempt = async (
  transport: ExportTransport,
  signal: SignalType,
  body: Uint8Array,
  timeoutMs: number,
): Promise<ExportOutcome> => {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<ExportOutcome>((resolve) => {
    timer = setTimeout(
      () => resolve({ status: 'retryable', reason: `no answer within ${timeoutMs} ms` }),
      Math.min(timeoutMs + DEADLINE_GRACE_MS, MAX_TIMER_MS),
    );
    timer.unref();
  });
  try {
    return await Promise.race([start(transport, signal, body, timeoutMs), late]);
  } finally {
    clearTimeout(timer);
  }
};
