import { AMPLE_MS, anyValue, attributes, freePort, waitFor } from '@telemetryflow-internal/test-utils';
import { logsOf, spansOf } from '@telemetryflow-internal/test-utils';
import type { DecodedRequest } from '@telemetryflow-internal/test-utils';
import { startHttpReceiver } from '@telemetryflow-internal/test-utils/http-receiver';
import { TelemetryFlowBuilder } from '@telemetryflow/client';
import type { TelemetryFlowClient } from '@telemetryflow/client';
import { createHttpTransport } from '@telemetryflow/infrastructure-http';
import { describe, expect, it } from 'vitest';
import { reportFigures } from '../support/figures.js';
import { collectGarbage, settledHeap, toMb } from '../support/memory.js';
import { guardProcess } from '../support/process-guard.js';
import { KEY_ID, SECRET } from '../support/secrets.js';

guardProcess();

const KiB = 1024;
const MiB = 1024 * KiB;

const clientFor = (endpoint: string): TelemetryFlowClient =>
  new TelemetryFlowBuilder({})
    .withApiKey(KEY_ID, SECRET)
    .withEndpoint(endpoint)
    .withHttp()
    .withInsecure()
    .withService('strings')
    .withRetry(true, 1, 60_000)
    .withBatchSettings(60_000, 512)
    .withExporter(createHttpTransport())
    .withDiagnostics(() => undefined)
    .build()
    .initialize();

/**
 * A distinct, flat string of `length` characters per `i`: a shared one would not show what is
 * retained, and `padEnd` builds strings that share their filler.
 */
const unique = (i: number, length: number): string => {
  const bytes = Buffer.alloc(length, 97 + (i % 26));
  bytes.write(`${i}:`);
  return bytes.toString('latin1');
};

describe('strings the client keeps are cut and hold nothing of their source', () => {
  it('retains a few MB, not the 128 KiB sources, for 2,000 unique values cut to 4,096 characters (collector down)', async () => {
    const client = clientFor(`127.0.0.1:${await freePort()}`);
    try {
      collectGarbage();
      const baseline = settledHeap();
      for (let i = 0; i < 2_000; i++) {
        const value = unique(i, 128 * KiB);
        client.incrementCounter('strings.seen', 1, { value }); // metric series live as long as the client
        client.endSpan(client.startSpan('span', undefined, { value }));
        client.logInfo('log', { value });
      }
      const retained = settledHeap() - baseline;
      reportFigures('2,000 unique 128 KiB attribute values, collector down', { retainedMb: toMb(retained) });
      // What the cut values themselves take: 3 × 2,000 × 4,096 characters, about 24 MB in UTF-16
      // (most are Latin-1, half that); the sources would be 3 × 2,000 × 128 KiB, 750 MB.
      expect(retained).toBeLessThan(60 * MiB);
    } finally {
      await client.shutdown(100);
    }
  });

  it('cuts span and event names, log bodies and drops over-long attribute keys, on the wire', async () => {
    const accepted: DecodedRequest[] = [];
    const receiver = await startHttpReceiver({ onAccepted: (_signal, request) => accepted.push(request) });
    try {
      const client = clientFor(receiver.address);
      const spanId = client.startSpan('n'.repeat(5_000), undefined, { ['k'.repeat(300)]: 1, ok: 2 });
      client.addSpanEvent(spanId, 'e'.repeat(5_000));
      client.endSpan(spanId);
      client.logInfo('b'.repeat(10 * MiB));
      await client.shutdown(AMPLE_MS);
      await waitFor(() => accepted.some((r) => logsOf(r).length > 0), 'the log record');

      const [span] = accepted.flatMap((r) => spansOf(r).map((s) => s.item));
      expect(String(span?.['name'])).toHaveLength(1_024);
      expect(attributes(span?.['attributes'])).toEqual({ ok: 2 });
      const events = span?.['events'] as Record<string, unknown>[];
      expect(String(events[0]?.['name'])).toHaveLength(1_024);
      const [log] = accepted.flatMap((r) => logsOf(r).map((l) => l.item));
      expect(String(anyValue(log?.['body']))).toHaveLength(64 * KiB);
      expect(client.getStatus().droppedAttributes).toBe(1);
    } finally {
      await receiver.close();
    }
  });

  it('bounds the queue by bytes too: wide spans with a collector down hold tens of MB, not hundreds', async () => {
    const client = clientFor(`127.0.0.1:${await freePort()}`);
    try {
      collectGarbage();
      const baseline = settledHeap();
      const SPANS = 300; // each with 128 distinct 4,096-character values: about 0.5 MB of text
      for (let i = 0; i < SPANS; i++) {
        const wide = Object.fromEntries(
          Array.from({ length: 128 }, (_, k) => [`k${k}`, unique(i * 128 + k, 4_096)]),
        );
        client.endSpan(client.startSpan(`wide-${i}`, undefined, wide));
      }
      const retained = settledHeap() - baseline;
      const traces = client.getStatus().signals.traces;
      reportFigures('300 spans of 128 × 4,096-character attributes, collector down', {
        retainedMb: toMb(retained),
        queued: traces.queued,
        dropped: traces.dropped,
      });
      // Before their batches can be encoded (the resource's detectors answer after this loop), at
      // most maxQueueBytes (32 MiB) of items are held, estimated at 2 bytes a character (these are 1).
      expect(retained).toBeLessThan(60 * MiB);
      expect(traces.dropped).toBeGreaterThan(0);
      expect(traces.queued + traces.dropped).toBe(SPANS);
    } finally {
      await client.shutdown(100);
    }
  });
});
