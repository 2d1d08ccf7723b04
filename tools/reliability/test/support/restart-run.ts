import { AMPLE_MS, waitFor } from '@telemetryflow-internal/test-utils';
import { expect } from 'vitest';
import { ITEM_SIGNALS, nothingQueued, statusOf, timed, unaccounted } from './accounting.js';
import { buildClient } from './clients.js';
import { startCollector } from './collectors.js';
import type { Collector, Protocol } from './collectors.js';
import type { Figures } from './figures.js';
import { MemorySampler, collectGarbage } from './memory.js';
import { idsIn, recordItems } from './workload.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Items recorded (spans and log records each) every 100 ms while the test runs. */
const PER_TICK = 10;
const OUTAGE_MS = 5_000;

const range = (from: number, to: number): Set<number> =>
  new Set(Array.from({ length: to - from }, (_, i) => from + i));

/**
 * The collector stops while the application keeps recording (requests in flight are cut), and
 * a new one starts on the same port 5 s later. With enough retries to ride the outage out,
 * nothing is lost: every item arrives (some twice: a request the first collector took but
 * could not answer is sent again), and the healthy shutdown sends everything left. The scenario
 * moves on when the collectors have received data, not after fixed times; only the outage is timed.
 */
export const runRestartScenario = async (protocol: Protocol): Promise<Figures> => {
  const first = await startCollector(protocol);
  let second: Collector | undefined;
  const t = buildClient({
    protocol,
    address: first.address,
    maxRetries: 10,
    retryBackoffMs: 200,
    timeoutMs: 2_000,
    batchTimeoutMs: 100,
  });
  const { client } = t;
  let next = 0;
  const tick = (): void => {
    recordItems(client, t.attempts, next, PER_TICK);
    next += PER_TICK;
  };
  const ticker = setInterval(tick, 100);
  try {
    client.initialize();
    const sampler = new MemorySampler();
    await waitFor(
      () => first.spanNames.length > 0 && first.logBodies.length > 0,
      'the first collector to get data',
    );
    await first.close();
    const stoppedAt = next;
    await sleep(OUTAGE_MS);
    const restarted = await startCollector(protocol, first.port);
    second = restarted;
    const restartedAt = next;
    const backAt = performance.now();
    // Recording goes on until items recorded after the restart reach the new collector.
    const after = (names: readonly string[]): boolean => [...idsIn(names)].some((id) => id >= restartedAt);
    await waitFor(
      () => after(restarted.spanNames) && after(restarted.logBodies),
      'items recorded after the restart to reach the new collector',
      60_000,
    );
    // Observed, never asserted: how long both signals took to reach the collector once it was back.
    const resumeMs = Math.round(performance.now() - backAt);
    clearInterval(ticker);
    const total = next;
    await waitFor(() => nothingQueued(client), 'the items recorded during the outage to be sent', 60_000);

    for (const signal of ITEM_SIGNALS) {
      const s = statusOf(client, signal);
      expect(unaccounted(s)).toBe(0);
      expect(s).toMatchObject({ recorded: total, exported: total, failed: 0, dropped: 0, rejected: 0 });
    }
    const spans = [...first.spanNames, ...second.spanNames];
    const logs = [...first.logBodies, ...second.logBodies];
    expect(idsIn(spans)).toEqual(range(0, total));
    expect(idsIn(logs)).toEqual(range(0, total));
    // Everything recorded once the collector was back arrived there.
    for (const id of range(restartedAt, total)) expect(idsIn(second.spanNames).has(id)).toBe(true);
    expect(t.attempts.attempts.some((a) => a.duringRecording)).toBe(false);

    // A healthy collector: shutdown sends what is left, in time.
    tick();
    collectGarbage();
    // In time: what was not sent by the deadline would be counted as dropped.
    const shutdownMs = await timed(() => client.shutdown(AMPLE_MS));
    for (const signal of ITEM_SIGNALS) {
      expect(statusOf(client, signal)).toMatchObject({ exported: next, queued: 0, dropped: 0, failed: 0 });
    }
    const memory = sampler.stop();
    const status = client.getStatus().signals;
    return {
      outageMs: OUTAGE_MS,
      items: next,
      recordedDuringOutage: restartedAt - stoppedAt,
      resumeMs,
      ...memory,
      retries: status.traces.retries + status.logs.retries,
      duplicatesAtCollector: spans.length + logs.length - 2 * total,
      dropped: status.traces.dropped + status.logs.dropped,
      failed: status.traces.failed + status.logs.failed,
      shutdownMs: Math.round(shutdownMs),
    };
  } finally {
    clearInterval(ticker);
    await client.shutdown(100);
    await first.close();
    await second?.close();
  }
};
