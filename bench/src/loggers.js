// Scenario 6: what the logger bridges add to a log call. pino and winston writing to /dev/null
// alone, then with the TelemetryFlow bridge (pino: a destination in a multistream; winston: a
// transport), outside and inside a span; each variant in its own process (loggers-worker.js), the
// order reversed every other round; the table shows the median over rounds of each round's median.
import { runWorker } from './child.js';
import { BATCH_MAX_SIZE, HOT_PATH_DELAY_MS, OPS_PER_SAMPLE } from './settings.js';
import { fmt, markdownTable, median } from './table.js';

/** [variant, label, the variant it adds to]. */
const VARIANTS = [
  ['pino', 'pino → /dev/null', undefined],
  ['pino-multistream', 'pino → multistream(/dev/null)', 'pino'],
  ['pino-bridge', 'pino → multistream(/dev/null, bridge)', 'pino'],
  ['pino-bridge-span', 'the same, inside a span', 'pino'],
  ['winston', 'winston → Stream(/dev/null)', undefined],
  ['winston-bridge', 'winston → Stream(/dev/null) + bridge', 'winston'],
  ['winston-bridge-span', 'the same, inside a span', 'winston'],
  ['client-log', 'client.logInfo (for reference)', undefined],
];

/** @returns {Promise<{ title: string, config: string, table: string, overheads: Record<string, number> }>} */
export async function runLoggers({ rounds = 3, time = 300 } = {}) {
  const perVariant = Object.fromEntries(VARIANTS.map(([variant]) => [variant, []]));
  let dropped = 0;
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? VARIANTS : [...VARIANTS].reverse();
    for (const [variant] of order) {
      const report = await runWorker('loggers-worker.js', [variant, String(time)]);
      // A figure, not a failure (the bench never fails on its figures).
      if (report.dropped) console.warn(`loggers: ${variant} dropped ${report.dropped} records`);
      dropped = Math.max(dropped, report.dropped ?? 0);
      perVariant[variant].push(report.p50);
    }
  }
  const ns = Object.fromEntries(Object.entries(perVariant).map(([variant, p50s]) => [variant, median(p50s)]));
  const overheads = {};
  const rows = VARIANTS.map(([variant, label, base]) => {
    const added = base === undefined ? undefined : ns[variant] - ns[base];
    if (added !== undefined) overheads[label] = added;
    return [
      label,
      fmt(1e9 / ns[variant]),
      fmt(ns[variant]),
      added === undefined ? '' : fmt(added),
      perVariant[variant].map((v) => fmt(v)).join(', '),
    ];
  });
  return {
    title: '7. Logger bridges (per record, exporting off-path)',
    config: [
      `Each variant in its own process, ${rounds} rounds (order reversed every other round); per round, tinybench`,
      `samples of ${OPS_PER_SAMPLE} log calls (\`info\`, a message and 2 fields) for ${time} ms (after 150 ms warm-up),`,
      'drained with a setImmediate between samples. /dev/null through pino.destination (sonic-boom, async) and',
      'winston.transports.Stream over fs.createWriteStream. The bridges send through a client whose transport',
      `answers success at once (batch ${BATCH_MAX_SIZE}, delay ${HOT_PATH_DELAY_MS / 1000} s;`,
      `measured once its resource is detected; dropped, the most in a run: ${fmt(dropped)}).`,
      '"added" is the variant minus the logger alone writing to /dev/null.',
    ].join('\n'),
    table: markdownTable(
      ['log call', 'records/s', 'ns/record', 'added ns/record', 'ns/record per round'],
      rows,
    ),
    overheads,
  };
}
