import { AMPLE_MS, waitFor } from '@telemetryflow-internal/test-utils';
import type { TelemetryFlowClient } from '@telemetryflow/client';
import { expect } from 'vitest';
import { ITEM_SIGNALS, nothingQueued, statusOf, timed, unaccounted } from './accounting.js';
import { buildClient } from './clients.js';
import type { TestClient } from './clients.js';
import { HEALTHY, startCollector } from './collectors.js';
import type { Collector, Fault, Protocol } from './collectors.js';
import type { Figures } from './figures.js';
import { MemorySampler, collectGarbage, settledHeap, toMb } from './memory.js';
import { BlackHole } from './black-hole.js';
import { freePort } from '@telemetryflow-internal/test-utils';
import { idsIn, recordItems } from './workload.js';

export interface FaultScenario {
  readonly protocol: Protocol;
  /**
   * How the collector misbehaves; `absent`: nothing listens on its port; `black-hole`: a TCP
   * server accepts and never answers (see {@link BlackHole}).
   */
  readonly fault: Fault | 'absent' | 'black-hole';
  /** The collector's answer is one to retry (so every request is sent `maxRetries + 1` times). */
  readonly retryable: boolean;
  readonly maxRetries: number;
  readonly retryBackoffMs: number;
  /** Deadline of one export request. */
  readonly timeoutMs: number;
  /** Items (spans and log records each) recorded at once while the collector misbehaves. */
  readonly burst?: number;
  /** Of the final `shutdown()`, made while the fault is back (default 1 s). */
  readonly shutdownTimeoutMs?: number;
}

export const BATCH = 512;
/**
 * The scenarios' `maxQueueBytes`: small, so that the burst is far beyond what the queue holds. Until
 * the resource's detectors answer, live items are bounded by it alone (estimated at ≥ 512 B each;
 * about 2.5 KB for the workload's items, so some 1,600 of them per signal). What the fault phases
 * then have to send stays near what the default `maxQueueSize` held before (2,048), the load their
 * deadlines were set for on a busy 2-core machine.
 */
const MAX_QUEUE_BYTES = 4 * 1024 * 1024;
const SHUTDOWN_TIMEOUT_MS = 1_000;
export const FLUSH_TIMEOUT_MS = 500;

/**
 * Longest a `flush(t)` or `shutdown(t)` may take, in ms, before the test calls it late: `t` plus a
 * margin that holds on a busy 2-core machine, where timers fire late and a descheduled process loses
 * whole seconds. It tells "returns at its deadline" from "waits for the requests in flight", which
 * each scenario also checks by what is left (still queued after a flush, dropped at a shutdown);
 * how close to `t` they return is measured by `pnpm bench` (scenario `deadlines`).
 */
export const deadlineBound = (timeoutMs: number): number => Math.max(5 * timeoutMs, timeoutMs + 2_000);
/**
 * Retained heap the queues may account for, both signals: the live items, three times their
 * estimate (bounded by `maxQueueBytes`), and two batches' margin at 8 KB an item.
 */
export const HEAP_BOUND_BYTES = ITEM_SIGNALS.length * (3 * MAX_QUEUE_BYTES + 2 * BATCH * 8 * 1024);

const DEFAULT_BURST = 20_000;
const RECOVERY_ITEMS = 200;
/** Rounds of {@link RECOVERY_ITEMS} the recovery phase may take; see {@link sendUntilReceived}. */
const RECOVERY_ROUNDS = 5;
const SHUTDOWN_ITEMS = 1_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Records probe logs until one reaches the collector: a gRPC channel that failed to connect waits
 * out grpc-js's reconnect backoff before it tries again, so "after recovery" starts there.
 */
export const awaitRecovery = async (client: TelemetryFlowClient, collector: Collector): Promise<number> => {
  const deadline = performance.now() + 30_000;
  for (let probe = 0; ; probe++) {
    client.logInfo(`probe-${probe}`);
    await client.flush(2_000);
    if (collector.logBodies.includes(`probe-${probe}`)) return probe + 1;
    if (performance.now() > deadline) throw new Error('the client did not reach the collector again');
    await sleep(200);
  }
};

/**
 * The exact accounting of both item signals, checked against what the collector decoded.
 *
 * Distinct items, because OTLP is at-least-once: the collector may process a request the client
 * gave up waiting for. With `requestDeadlineMs` short enough to be under test (a few hundred ms on a
 * busy machine), such a request may also have ended as `failed` on the client after its last retry,
 * so the collector holds between `exported` and `exported + failed` items; with an ample deadline,
 * exactly `exported`.
 */
export const expectExactAccounting = (
  client: TelemetryFlowClient,
  collector: Collector | undefined,
  requestDeadlineMs: number = AMPLE_MS,
): void => {
  for (const signal of ITEM_SIGNALS) {
    const status = statusOf(client, signal);
    expect(unaccounted(status), `${signal}: ${JSON.stringify(status)}`).toBe(0);
    const received = new Set(signal === 'traces' ? collector?.spanNames : collector?.logBodies).size;
    if (requestDeadlineMs >= AMPLE_MS) {
      expect(status.exported, `${signal}: exported vs received`).toBe(received);
    } else {
      expect(received, `${signal}: received vs exported`).toBeGreaterThanOrEqual(status.exported);
      expect(received, `${signal}: received vs exported + failed`).toBeLessThanOrEqual(
        status.exported + status.failed,
      );
    }
  }
};

/**
 * Records rounds of `count` items from `from` on, and flushes each, until one round reaches the
 * collector whole (spans and log records). Returns the ids of every round sent.
 *
 * With an ample request deadline the first round must arrive whole. With a deadline under test (a
 * few hundred ms), a machine that stalls that long makes a healthy collector's answer late, so a
 * round may end as `failed` instead: legitimate, and the accounting still checks that nothing of
 * it is lost silently, but then the next round must arrive.
 */
const sendUntilReceived = async (
  t: TestClient,
  collector: Collector,
  from: number,
  count: number,
  requestDeadlineMs: number,
): Promise<number[]> => {
  const rounds = requestDeadlineMs >= AMPLE_MS ? 1 : RECOVERY_ROUNDS;
  const sent: number[] = [];
  for (let round = 1; ; round++) {
    const first = from + sent.length;
    const ids = Array.from({ length: count }, (_, i) => first + i);
    recordItems(t.client, t.attempts, first, count);
    sent.push(...ids);
    await t.client.flush(10_000);
    expectExactAccounting(t.client, collector, requestDeadlineMs);
    const spans = idsIn(collector.spanNames);
    const logs = idsIn(collector.logBodies.filter((b) => b.startsWith('log-')));
    if (ids.every((id) => spans.has(id) && logs.has(id))) return sent;
    if (round === rounds) {
      const status = JSON.stringify(t.client.getStatus().signals);
      const missing = ids.filter((id) => !spans.has(id) || !logs.has(id)).length;
      throw new Error(
        `${missing} of ${count} items of round ${round} never arrived after recovery: ${status}`,
      );
    }
  }
};

/**
 * The collector never answers and every request of the scenario outlasts `flush()`'s deadline (the
 * request times out and is retried after it), so only the deadline can end a flush or a shutdown.
 */
const outlastsDeadlines = (scenario: FaultScenario): boolean =>
  (scenario.fault === 'black-hole' ||
    (typeof scenario.fault === 'object' && scenario.fault.kind === 'hang')) &&
  scenario.timeoutMs * (scenario.maxRetries + 1) > FLUSH_TIMEOUT_MS;

const expectRetriesBySpec = (t: TestClient, scenario: FaultScenario): number => {
  let requests = 0;
  for (const signal of ITEM_SIGNALS) {
    const sends = t.attempts.sendsPerRequest(signal);
    const expected = scenario.retryable ? scenario.maxRetries + 1 : 1;
    expect(new Set(sends), `${signal} sends per request`).toEqual(new Set([expected]));
    expect(statusOf(t.client, signal).retries).toBe(sends.length * (expected - 1));
    requests += sends.length;
  }
  expect(t.attempts.attempts.some((a) => a.duringRecording)).toBe(false);
  return requests;
};

/**
 * One fault, end to end: a burst far beyond the queue while the collector misbehaves (recording
 * never throws or exports on the caller's stack; the queue bounds what is kept; every item is
 * accounted for), `flush()` bounded, retries exactly as the specification says, recovery (data
 * sent afterwards arrives), then the fault again and `shutdown()` within its timeout.
 */
export const runFaultScenario = async (scenario: FaultScenario): Promise<Figures> => {
  const burst = scenario.burst ?? DEFAULT_BURST;
  const shutdownTimeoutMs = scenario.shutdownTimeoutMs ?? SHUTDOWN_TIMEOUT_MS;
  const { fault } = scenario;
  const collectorFault = typeof fault === 'string' ? undefined : fault;
  let collector: Collector | undefined =
    collectorFault === undefined ? undefined : await startCollector(scenario.protocol);
  const port = collector?.port ?? (await freePort());
  let hole = fault === 'black-hole' ? await BlackHole.listen(port) : undefined;
  if (collector !== undefined && collectorFault !== undefined) collector.fault = collectorFault;
  const t = buildClient({
    ...scenario,
    address: `127.0.0.1:${port}`,
    batchMaxSize: BATCH,
    maxQueueBytes: MAX_QUEUE_BYTES,
  });
  const { client } = t;
  try {
    client.initialize();
    const baseline = settledHeap();
    const sampler = new MemorySampler();

    // A burst far beyond the queue: nothing throws, nothing is sent on the caller's stack. It runs
    // right after initialize(), before the resource's detectors can answer, so batches cannot be
    // encoded yet and items are held live up to `maxQueueBytes` estimated, the rest dropped (the
    // byte bound on encoded requests is tested in limits/queue-byte-bound.test.ts).
    expect(() => recordItems(client, t.attempts, 0, burst)).not.toThrow();
    sampler.sample();
    for (const signal of ITEM_SIGNALS) {
      const s = statusOf(client, signal);
      expect(s.recorded).toBe(burst);
      expect(s.queued).toBeGreaterThan(0);
      expect(s.queued).toBeLessThanOrEqual(MAX_QUEUE_BYTES / 512);
      expect(s.dropped).toBe(burst - s.queued); // the collector got nothing yet
    }
    const retainedHeap = settledHeap() - baseline;
    expect(retainedHeap).toBeLessThan(HEAP_BOUND_BYTES);
    const droppedAtBurst = statusOf(client, 'logs').dropped;

    collectGarbage(); // the burst's garbage is the test's, not a pause to charge the SDK's deadline with
    sampler.resetLoopDelay(); // from here on, the SDK's own work (and the in-process collector's)
    const flushMs = await timed(() => client.flush(FLUSH_TIMEOUT_MS));
    expect(flushMs).toBeLessThanOrEqual(deadlineBound(FLUSH_TIMEOUT_MS));
    if (outlastsDeadlines(scenario)) {
      // No request can settle before the flush's deadline: it returned there, with work pending.
      for (const signal of ITEM_SIGNALS) expect(statusOf(client, signal).queued).toBeGreaterThan(0);
    }

    await waitFor(() => nothingQueued(client), 'every request of the burst to be settled', 45_000);
    const requests = expectRetriesBySpec(t, scenario);
    expectExactAccounting(client, collector, scenario.timeoutMs);
    const afterFault = client.getStatus().signals;
    const loopDuringFault = sampler.loopDelay();

    // Recovery: the collector answers again; what is sent from then on arrives.
    await hole?.close();
    collector ??= await startCollector(scenario.protocol, port);
    collector.fault = HEALTHY;
    const probes = await awaitRecovery(client, collector);
    const recovered = await sendUntilReceived(t, collector, burst, RECOVERY_ITEMS, scenario.timeoutMs);
    // Nothing of the fault phase was answered with success; of the recovery, no more than was sent.
    const sentAfterRecovery = new Set(recovered);
    for (const id of idsIn(collector.spanNames)) expect(sentAfterRecovery.has(id), `span-${id}`).toBe(true);
    for (const id of idsIn(collector.logBodies.filter((b) => b.startsWith('log-')))) {
      expect(sentAfterRecovery.has(id), `log-${id}`).toBe(true);
    }

    // The fault again, with work pending: shutdown still returns in time.
    if (collectorFault === undefined) await collector.close();
    else collector.fault = collectorFault;
    if (fault === 'black-hole') hole = await BlackHole.listen(port);
    const beforeShutdown = client.getStatus().signals;
    recordItems(client, t.attempts, burst + recovered.length, SHUTDOWN_ITEMS);
    collectGarbage();
    const shutdownMs = await timed(() => client.shutdown(shutdownTimeoutMs));
    expect(shutdownMs).toBeLessThanOrEqual(deadlineBound(shutdownTimeoutMs));
    for (const signal of ITEM_SIGNALS) expect(statusOf(client, signal).queued).toBe(0);
    expectExactAccounting(client, collector, scenario.timeoutMs);
    if (outlastsDeadlines(scenario) && shutdownTimeoutMs < scenario.timeoutMs) {
      // Shutdown cut the requests in flight at its deadline (dropped) instead of waiting for them
      // to time out and fail.
      for (const signal of ITEM_SIGNALS) {
        expect(statusOf(client, signal)).toMatchObject({
          dropped: beforeShutdown[signal].dropped + SHUTDOWN_ITEMS,
          failed: beforeShutdown[signal].failed,
        });
      }
    }

    const memory = sampler.stop();
    const retryGap = t.attempts.shortestRetryGap('logs');
    return {
      burst,
      retainedHeapMb: toMb(retainedHeap),
      peakRssMb: memory.peakRssMb,
      peakHeapMb: memory.peakHeapMb,
      ...loopDuringFault,
      droppedAtBurst,
      failedInFault: afterFault.logs.failed,
      requestsInFault: requests,
      retriesInFault: afterFault.logs.retries + afterFault.traces.retries,
      ...(retryGap === undefined ? {} : { shortestRetryGapMs: Math.round(retryGap) }),
      probesToRecover: probes,
      recoveryRounds: recovered.length / RECOVERY_ITEMS,
      flushMs: Math.round(flushMs),
      shutdownTimeoutMs,
      shutdownMs: Math.round(shutdownMs),
      droppedAtShutdown: client.getStatus().signals.logs.dropped - afterFault.logs.dropped,
    };
  } finally {
    await client.shutdown(100);
    await collector?.close();
    await hole?.close();
  }
};
