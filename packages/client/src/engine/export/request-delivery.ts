import type { SignalType } from '@telemetryflow/domain';
import { abortableSleep } from './abortable-sleep.js';
import { retryDelay } from './backoff.js';
import type { PipelineSettings, PipelineShared } from './pipeline-settings.js';
import { sendAttempt } from './send-attempt.js';

/** How a request's items end: exported (some maybe rejected), failed, or dropped (stopped). */
export type Settlement =
  | { readonly kind: 'exported'; readonly rejected: number }
  | { readonly kind: 'failed' | 'dropped'; readonly reason: string };

/** What one delivery needs besides the request: its signal, settings, shared parts and stop signal. */
export interface DeliveryContext {
  readonly signal: SignalType;
  readonly settings: PipelineSettings;
  readonly shared: PipelineShared;
  readonly stop: AbortSignal;
}

export const STOPPED: Settlement = { kind: 'dropped', reason: 'shut down before the request could be sent' };

/**
 * Sends one request body with retries (exponential backoff with jitter, the server's delay
 * honoured) until its deadline (`exportTimeoutMs` from now). Its first attempt already has a
 * rate-limit token; each retry waits for one. Resolves to how its items end, or `undefined` when
 * `settled()` says they were accounted for meanwhile (a stop).
 */
export const deliverRequest = async (
  { signal, settings, shared, stop }: DeliveryContext,
  body: Uint8Array,
  settled: () => boolean,
): Promise<Settlement | undefined> => {
  const { exportTimeoutMs, retryEnabled, maxRetries, retryBackoffMs } = settings;
  const deadlineAt =
    exportTimeoutMs === undefined ? Number.POSITIVE_INFINITY : performance.now() + exportTimeoutMs;
  const pastDeadline = `exportTimeoutMs of ${String(exportTimeoutMs)} ms reached`;
  const stats = shared.stats.of(signal);
  for (let retries = 0; ; retries++) {
    if (retries > 0) {
      const token = await shared.limiter.acquire(stop, deadlineAt);
      if (token === 'stopped') return STOPPED;
      if (token === 'late') return { kind: 'failed', reason: `${pastDeadline} before a retry could be sent` };
    }
    // An attempt never runs past the request's deadline.
    const left = Math.max(1, Math.ceil(deadlineAt - performance.now()));
    const outcome = await sendAttempt(shared.transport, signal, body, Math.min(settings.timeoutMs, left));
    if (settled()) return undefined;
    if (outcome.status === 'success') return { kind: 'exported', rejected: outcome.rejectedItems ?? 0 };
    if (outcome.status === 'failed') return { kind: 'failed', reason: outcome.reason };
    if (!retryEnabled || retries >= maxRetries) {
      const reason = retryEnabled ? `${outcome.reason} (gave up after ${retries} retries)` : outcome.reason;
      return { kind: 'failed', reason };
    }
    const delay = retryDelay(retries + 1, retryBackoffMs, outcome.retryAfterMs);
    if (performance.now() + delay >= deadlineAt) {
      return { kind: 'failed', reason: `${outcome.reason} (${pastDeadline} after ${retries} retries)` };
    }
    stats.retries++;
    stats.lastOutcome = 'retrying';
    stats.lastError = outcome.reason;
    shared.diagnostics.report(
      'TF_EXPORT_RETRYING',
      `${signal} export failed, retrying: ${outcome.reason}`,
      `retrying:${signal}`,
    );
    if (!(await abortableSleep(delay, stop))) return STOPPED;
  }
};
