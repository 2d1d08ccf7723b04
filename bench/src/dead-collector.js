// Scenario 4: memory while the collector is down. 1M spans with the endpoint at a closed port;
// RSS and heap (after a full GC) every 100k. Ours is required; raw OTel is shown for comparison.
import { runWorker } from './child.js';
import { BATCH_MAX_SIZE, EXPORT_QUEUE_SIZE } from './settings.js';
import { fmt, markdownTable } from './table.js';

const ITEMS = 1_000_000;
const EVERY = 100_000;
const FLAT_MB = 1;

const spread = (values) => Math.max(...values) - Math.min(...values);

/** @returns {Promise<{ title: string, config: string, table: string, verdict: object }>} */
export async function runDeadCollector() {
  const run = (side) =>
    runWorker('dead-collector-worker.js', [side, String(ITEMS), String(EVERY)], {
      execArgv: ['--expose-gc'],
    });
  const tf = await run('tf');
  const raw = await run('raw');
  const rows = tf.samples.map((s, i) => [
    fmt(s.recorded),
    fmt(raw.samples[i]?.rssMB, 1),
    fmt(raw.samples[i]?.heapMB, 2),
    fmt(s.rssMB, 1),
    fmt(s.heapMB, 2),
  ]);
  // From the first sample on (100k), the queue is long full: what follows must not grow.
  const after = (r, key) => r.samples.filter((s) => s.recorded >= EVERY).map((s) => s[key]);
  const verdict = {
    tfHeapSpreadMB: spread(after(tf, 'heapMB')),
    tfRssSpreadMB: spread(after(tf, 'rssMB')),
    rawHeapSpreadMB: spread(after(raw, 'heapMB')),
    rawRssSpreadMB: spread(after(raw, 'rssMB')),
    tfStatus: tf.status,
  };
  verdict.flat = verdict.tfHeapSpreadMB < FLAT_MB;
  const st = tf.status;
  const summary = markdownTable(
    ['', 'raw OTel', 'TelemetryFlow'],
    [
      [
        `heap spread 100k → 1M (MB)`,
        fmt(verdict.rawHeapSpreadMB, 2),
        `${fmt(verdict.tfHeapSpreadMB, 2)} (${verdict.flat ? 'flat' : 'GROWS'})`,
      ],
      ['RSS spread 100k → 1M (MB)', fmt(verdict.rawRssSpreadMB, 1), fmt(verdict.tfRssSpreadMB, 1)],
      ['time to record 1M spans (s)', fmt(raw.elapsedMs / 1000, 2), fmt(tf.elapsedMs / 1000, 2)],
      [
        'dropped / queued / failed',
        'not reported (a debug diag line)',
        `${fmt(st.dropped)} / ${fmt(st.queued)} / ${fmt(st.failed)}`,
      ],
      ['export attempts retried', 'never (the gRPC exporter does not retry)', fmt(st.retries)],
      ['last outcome', '–', `${st.lastOutcome}: ${(st.lastError ?? '').split('.')[0]}`],
      [
        'shutdown',
        `${raw.shutdown} after ${fmt(raw.shutdownMs)} ms`,
        `${tf.shutdown} after ${fmt(tf.shutdownMs)} ms (deadline 2 000 ms)`,
      ],
    ],
    { text: true },
  );
  return {
    title: '5. Memory under a dead collector',
    config: [
      `${fmt(ITEMS)} spans (SERVER, 2 attributes) in chunks of 1 000 with a setImmediate between chunks, the`,
      'endpoint at a closed 127.0.0.1 port (connection refused). RSS and heapUsed after a full GC (`--expose-gc`),',
      `every ${fmt(EVERY)} spans. Batch ${BATCH_MAX_SIZE}, queue ${EXPORT_QUEUE_SIZE} on both sides; ours with its`,
      'default retry policy (3 retries, 5 s backoff doubling) and rate limit.',
      `“Flat” = heapUsed varies by less than ${FLAT_MB} MB across the samples from 100k to 1M.`,
    ].join('\n'),
    table: `${markdownTable(
      [
        'spans recorded',
        'raw OTel RSS MB',
        'raw OTel heap MB',
        'TelemetryFlow RSS MB',
        'TelemetryFlow heap MB',
      ],
      rows,
    )}\n\n${summary}`,
    verdict,
  };
}
