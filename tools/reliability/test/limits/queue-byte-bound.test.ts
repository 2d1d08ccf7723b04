import { AMPLE_MS, waitFor } from '@telemetryflow-internal/test-utils';
import { describe, expect, it } from 'vitest';
import { ITEM_SIGNALS, nothingQueued, statusOf, unaccounted } from '../support/accounting.js';
import { buildClient } from '../support/clients.js';
import { HEALTHY, startCollector } from '../support/collectors.js';
import type { Protocol } from '../support/collectors.js';
import { guardProcess } from '../support/process-guard.js';
import { idsIn, recordItems } from '../support/workload.js';

guardProcess();

const CHUNK = 500;
/** Deadline of one request: a hung one is retried after it, and goes through once the collector answers. */
const TIMEOUT_MS = 500;

/**
 * A collector that accepts and never answers, a client with `maxQueueBytes`, and `items` spans and
 * log records (1 KB each) recorded in chunks with the event loop turning between them, as an app
 * that yields does. The flush at the end encodes what was still held live (it returns at its
 * deadline: nothing can be answered), so everything the client kept is then encoded and held.
 */
const burstWhileHung = async (protocol: Protocol, maxQueueBytes: number, items: number) => {
  const collector = await startCollector(protocol);
  collector.fault = { kind: 'hang' };
  const t = buildClient({
    protocol,
    address: collector.address,
    maxRetries: 50,
    retryBackoffMs: 20,
    timeoutMs: TIMEOUT_MS,
    batchMaxSize: 100,
    maxQueueBytes,
  });
  t.client.initialize();
  await t.client.flush(AMPLE_MS); // the resource's detectors have answered: batches can be encoded
  for (let from = 0; from < items; from += CHUNK) {
    recordItems(t.client, t.attempts, from, Math.min(CHUNK, items - from));
    await new Promise((resolve) => setImmediate(resolve));
  }
  await t.client.flush(100);
  return { collector, ...t };
};

describe.each<Protocol>(['grpc', 'http'])('the export queue bounded by bytes (%s)', (protocol) => {
  it('holds at most maxQueueBytes of encoded requests, drops only past it and accounts for every item', async () => {
    const maxQueueBytes = 256 * 1024;
    const items = 5_000; // about 5.5 MB of encoded spans, and as much of logs
    const { collector, client, attempts } = await burstWhileHung(protocol, maxQueueBytes, items);
    try {
      for (const signal of ITEM_SIGNALS) {
        const s = statusOf(client, signal);
        expect(unaccounted(s), JSON.stringify(s)).toBe(0);
        expect(s).toMatchObject({ recorded: items, exported: 0, failed: 0 });
        expect(s.dropped).toBeGreaterThan(items / 2);
        expect(s.queued).toBe(items - s.dropped);
      }

      // The collector answers: what was held goes out, and nothing else (nothing new is recorded).
      collector.fault = HEALTHY;
      await waitFor(() => nothingQueued(client), 'what was held to be delivered', 30_000);
      for (const signal of ITEM_SIGNALS) {
        const s = statusOf(client, signal);
        expect(unaccounted(s), JSON.stringify(s)).toBe(0);
        expect(s).toMatchObject({ exported: items - s.dropped, failed: 0 });
        // Everything sent was held at once: its encoded bytes are within the bound.
        expect(attempts.distinctBytes(signal)).toBeLessThanOrEqual(maxQueueBytes);
        expect(attempts.distinctBytes(signal)).toBeGreaterThan(maxQueueBytes / 2);
      }
      expect(new Set(collector.spanNames).size).toBe(statusOf(client, 'traces').exported);
      expect(new Set(collector.logBodies).size).toBe(statusOf(client, 'logs').exported);
    } finally {
      await client.shutdown(1_000);
      await collector.close();
    }
  });

  it('delivers a burst within the bound whole once the collector answers', async () => {
    const items = 2_000; // about 2.2 MB each of spans and logs
    const { collector, client } = await burstWhileHung(protocol, 4 * 1024 * 1024, items);
    try {
      collector.fault = HEALTHY;
      await waitFor(() => nothingQueued(client), 'the burst to be delivered', 30_000);
      const all = new Set(Array.from({ length: items }, (_, i) => i));
      for (const signal of ITEM_SIGNALS) {
        expect(statusOf(client, signal)).toMatchObject({ exported: items, dropped: 0, failed: 0, queued: 0 });
      }
      expect(idsIn(collector.spanNames)).toEqual(all);
      expect(idsIn(collector.logBodies)).toEqual(all);
    } finally {
      await client.shutdown(1_000);
      await collector.close();
    }
  });
});
