import type { SignalStatus, TelemetryFlowClient } from '@telemetryflow/client';

/** The signals whose items are counted one by one (metrics count data points, re-sent cumulatively). */
export const ITEM_SIGNALS = ['traces', 'logs'] as const;
export type ItemSignal = (typeof ITEM_SIGNALS)[number];

/** Every recorded item is in exactly one place: exported, rejected, failed, dropped, queued or not sampled. */
export const unaccounted = (s: SignalStatus): number =>
  s.recorded - (s.exported + s.rejected + s.failed + s.dropped + s.queued + s.notSampled);

export const statusOf = (client: TelemetryFlowClient, signal: ItemSignal): SignalStatus =>
  client.getStatus().signals[signal];

/** Nothing of either item signal is queued: every request is settled (exported, failed or dropped). */
export const nothingQueued = (client: TelemetryFlowClient): boolean =>
  ITEM_SIGNALS.every((signal) => statusOf(client, signal).queued === 0);

/** How long `fn` took, in ms, measured around the awaited call. */
export const timed = async (fn: () => Promise<unknown>): Promise<number> => {
  const start = performance.now();
  await fn();
  return performance.now() - start;
};
