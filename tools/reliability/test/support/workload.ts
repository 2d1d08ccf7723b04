import type { TelemetryFlowClient } from '@telemetryflow/client';
import type { AttemptLog } from './attempt-log.js';

/** A distinct 1 KB string per item (a shared one would not show what a queue holds). */
const payload = (i: number): string => String(i).padStart(1_000, '.');

export const spanName = (i: number): string => `span-${i}`;
export const logBody = (i: number): string => `log-${i}`;

/** Numbers of the items `names` hold (`span-12` → 12), as a set. */
export const idsIn = (names: readonly string[]): Set<number> =>
  new Set(names.map((n) => Number(n.slice(n.indexOf('-') + 1))));

/**
 * Records items `from` … `from + count - 1` as one span and one log record each (1 KB
 * attribute), plus a counter every 100 items. Every call must return at once, never throw and
 * never export on the caller's stack (`attempts.recording` lets the transport check that).
 */
export const recordItems = (
  client: TelemetryFlowClient,
  attempts: AttemptLog,
  from: number,
  count: number,
): void => {
  attempts.recording = true;
  try {
    for (let i = from; i < from + count; i++) {
      const attributes = { item: i, payload: payload(i) };
      const spanId = client.startSpan(spanName(i), undefined, attributes);
      client.endSpan(spanId);
      client.logInfo(logBody(i), attributes);
      if (i % 100 === 0) client.incrementCounter('reliability.items', 100, { phase: 'burst' });
    }
  } finally {
    attempts.recording = false;
  }
};
