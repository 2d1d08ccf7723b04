import { AMPLE_MS } from '@telemetryflow-internal/test-utils';
import { TelemetryFlowBuilder } from '@telemetryflow/client';
import type { ExportOutcome, ExportTransport } from '@telemetryflow/client';
import { describe, expect, it } from 'vitest';
import { ITEM_SIGNALS, statusOf, timed, unaccounted } from '../support/accounting.js';
import { buildClient } from '../support/clients.js';
import { startCollector } from '../support/collectors.js';
import { deadlineBound, expectExactAccounting } from '../support/fault-run.js';
import { reportFigures } from '../support/figures.js';
import { collectGarbage } from '../support/memory.js';
import { guardProcess } from '../support/process-guard.js';
import { KEY_ID, SECRET } from '../support/secrets.js';
import { idsIn, recordItems } from '../support/workload.js';

guardProcess();

/** Within one queue: a healthy collector must get every item. */
const ITEMS = 2_000;

describe.each(['grpc', 'http'] as const)('a healthy collector over %s', (protocol) => {
  const run = async (finish: 'shutdown' | 'flush') => {
    const collector = await startCollector(protocol);
    const t = buildClient({
      protocol,
      address: collector.address,
      maxRetries: 2,
      retryBackoffMs: 20,
      timeoutMs: AMPLE_MS, // not under test: these requests end before any deadline
      batchTimeoutMs: 60_000, // only the flush or shutdown sends the partial batch
    });
    try {
      t.client.initialize();
      recordItems(t.client, t.attempts, 0, ITEMS);
      collectGarbage();
      // Within its timeout: what was not sent by then would be counted as dropped (shutdown) or
      // still queued (flush), and the checks below would fail.
      const ms = await timed(() =>
        finish === 'shutdown' ? t.client.shutdown(AMPLE_MS) : t.client.flush(AMPLE_MS),
      );
      for (const signal of ITEM_SIGNALS) {
        expect(statusOf(t.client, signal)).toMatchObject({ recorded: ITEMS, exported: ITEMS, queued: 0 });
      }
      expect(idsIn(collector.spanNames).size).toBe(ITEMS);
      expect(idsIn(collector.logBodies).size).toBe(ITEMS);
      expectExactAccounting(t.client, collector);
      reportFigures(`${protocol}: healthy collector, ${finish}`, {
        items: ITEMS,
        [`${finish}Ms`]: Math.round(ms),
      });
    } finally {
      await t.client.shutdown(100);
      await collector.close();
    }
  };

  it('shutdown sends everything pending, within its timeout', async () => {
    await run('shutdown');
  });

  it('flush sends everything pending, within its timeout', async () => {
    await run('flush');
  });
});

/** Third-party transports plugged in through the public port, each broken in its own way. */
const BROKEN: [string, () => ExportTransport, 'failed' | 'dropped' | 'exported'][] = [
  [
    'has a maxRequestBytes getter that throws (its sends still succeed)',
    () => ({
      get maxRequestBytes(): number {
        throw new Error('getter');
      },
      send: () => Promise.resolve<ExportOutcome>({ status: 'success' }),
      shutdown: () => Promise.resolve(),
    }),
    'exported',
  ],
  [
    'has a maxRequestBytes that is not a size (its sends still succeed)',
    () => ({
      maxRequestBytes: Number.NaN,
      send: () => Promise.resolve<ExportOutcome>({ status: 'success' }),
      shutdown: () => Promise.resolve(),
    }),
    'exported',
  ],
  [
    'throws from send() synchronously',
    () => ({
      send: () => {
        throw new Error('sync throw');
      },
      shutdown: () => Promise.resolve(),
    }),
    'failed',
  ],
  [
    'resolves send() to something that is not an outcome',
    () => ({
      send: () => Promise.resolve(undefined as unknown as ExportOutcome),
      shutdown: () => Promise.resolve(),
    }),
    'failed',
  ],
  [
    'rejects with a value that cannot be printed',
    () => ({
      send: () =>
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- what is under test
        Promise.reject({
          toString() {
            throw new Error('unprintable');
          },
        }),
      shutdown: () => Promise.resolve(),
    }),
    'failed',
  ],
  [
    'ignores its deadline and never settles, nor does its shutdown()',
    () => ({
      send: () => new Promise<ExportOutcome>(() => undefined),
      shutdown: () => new Promise<void>(() => undefined),
    }),
    'dropped',
  ],
  [
    'rejects from shutdown()',
    () => ({
      send: () => Promise.resolve<ExportOutcome>({ status: 'retryable', reason: 'busy' }),
      shutdown: () => Promise.reject(new Error('shutdown failed')),
    }),
    'failed',
  ],
];

describe('a broken custom transport', () => {
  it.each(BROKEN)(
    'that %s: recording goes on, nothing escapes, shutdown returns in time',
    async (_name, make, end) => {
      const client = new TelemetryFlowBuilder({})
        .withApiKey(KEY_ID, SECRET)
        .withEndpoint('127.0.0.1:4317')
        .withService('broken')
        .withBatchSettings(20, 64)
        .withRetry(true, 1, 5)
        .withTimeout(100)
        .withDiagnostics(() => undefined)
        .withExporter(make())
        .build()
        .initialize();
      expect(() => {
        for (let i = 0; i < 100; i++) {
          client.endSpan(client.startSpan(`s${i}`));
          client.logWarn(`l${i}`);
        }
      }).not.toThrow();
      await client.flush(500);
      const ms = await timed(() => client.shutdown(500));
      expect(ms).toBeLessThanOrEqual(deadlineBound(500));
      for (const signal of ITEM_SIGNALS) {
        const s = statusOf(client, signal);
        expect(unaccounted(s)).toBe(0);
        expect(s).toMatchObject({ recorded: 100, exported: 0, queued: 0, [end]: 100 });
      }
    },
  );
});
