// Scenario 1: the cost of one recording call, TelemetryFlow vs the same work on raw OpenTelemetry
// JS. Each side runs in its own process (hot-path-worker.js); the sides alternate over rounds
// (raw first, then ours first, ...) and the table shows the median over rounds of each round's
// median ns/op.
import { runWorker } from './child.js';
import { BATCH_MAX_SIZE, HOT_PATH_DELAY_MS, OPS_PER_SAMPLE } from './settings.js';
import { fmt, markdownTable, median, ratio } from './table.js';

const OPERATIONS = [
  ['counter', 'incrementCounter (2 attributes)'],
  ['histogram', 'recordHistogram (2 attributes)'],
  ['gauge', 'recordGauge (2 attributes)'],
  ['span', 'startSpan + endSpan'],
  ['activeSpan', 'span() with a sync callback'],
  ['log', 'logInfo (2 attributes)'],
];

/** @returns {Promise<{ title: string, config: string, table: string, ratios: Record<string, number> }>} */
export async function runHotPath({ rounds = 3, time = 300 } = {}) {
  const perSide = { raw: [], tf: [] };
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? ['raw', 'tf'] : ['tf', 'raw'];
    for (const side of order) {
      const report = await runWorker('hot-path-worker.js', [side, String(time)]);
      if (report.dropped) throw new Error(`hot path: our side dropped ${report.dropped} items`);
      perSide[side].push(report.results);
    }
  }
  const rows = [];
  const ratios = {};
  for (const [key, label] of OPERATIONS) {
    const raw = median(perSide.raw.map((r) => r[key].p50));
    const tf = median(perSide.tf.map((r) => r[key].p50));
    const perRound = perSide.tf.map((r, i) => ratio(r[key].p50, perSide.raw[i][key].p50)).join(', ');
    ratios[label] = tf / raw;
    rows.push([label, fmt(1e9 / raw), fmt(raw), fmt(1e9 / tf), fmt(tf), `${fmt(tf / raw, 2)}×`, perRound]);
  }
  return {
    title: '1. Hot path (per call, exporting off-path)',
    config: [
      `Each side in its own process, ${rounds} rounds alternating which side runs first; per round, tinybench`,
      `samples of ${OPS_PER_SAMPLE} calls for ${time} ms per operation (after 150 ms warm-up), drained with a`,
      'setImmediate between samples outside the timed window (neither side drops; our side checked).',
      `Same providers on both sides (MeterProvider + periodic reader, TracerProvider, LoggerProvider, batch`,
      `${BATCH_MAX_SIZE}, delay/interval ${HOT_PATH_DELAY_MS / 1000} s); raw OTel exports to a no-op exporter,`,
      'ours to a transport that answers success at once (it still serializes each batch, between samples).',
      'ns/op: median over rounds of each round’s median sample.',
    ].join('\n'),
    table: markdownTable(
      [
        'operation',
        'raw OTel ops/s',
        'raw OTel ns/op',
        'TelemetryFlow ops/s',
        'TelemetryFlow ns/op',
        'TF / raw',
        'TF / raw per round',
      ],
      rows,
    ),
    ratios,
  };
}
