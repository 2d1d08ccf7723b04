// Scenario 1: the cost of one recording call, TelemetryFlow vs the same work on raw OpenTelemetry
// JS. Two tables:
// - paced CPU per call with export included (the primary one, issue #22): each side in its own
//   process (hot-path-paced-worker.js) records each operation at a steady paced rate with real
//   export over OTLP/gRPC, gzip, to a loopback sink (sink-child.js), and reports process CPU per
//   call over the window, flush included; median over rounds alternating which side goes first;
// - ns/op of the call alone, exporting off the measured path (tinybench, hot-path-worker.js).
import { runWorker, startHelper } from './child.js';
import {
  BATCH_MAX_SIZE,
  HOT_PATH_DELAY_MS,
  OPS_PER_SAMPLE,
  PACED_CALLS_PER_SECOND,
  PACED_METRIC_CALLS_PER_SECOND,
  PACED_ROUNDS,
  PACED_WINDOW_MS,
} from './settings.js';
import { fmt, markdownTable, median, ratio } from './table.js';

const OPERATIONS = [
  ['counter', 'incrementCounter (2 attributes)', 'metrics'],
  ['histogram', 'recordHistogram (2 attributes)', 'metrics'],
  ['gauge', 'recordGauge (2 attributes)', 'metrics'],
  ['metric', 'recordMetric (2 attributes)', 'metrics'],
  ['span', 'startSpan + endSpan', 'items'],
  ['activeSpan', 'span() with a sync callback', 'items'],
  ['log', 'logInfo (2 attributes)', 'items'],
];
/** The paced rate of each group of operations, each run with its own empty loop. */
const PACED_GROUPS = {
  metrics: { rate: PACED_METRIC_CALLS_PER_SECOND, label: 'metric calls' },
  items: { rate: PACED_CALLS_PER_SECOND, label: 'span and log calls' },
};
/** Operations whose items the sink counts one by one (metrics arrive aggregated). */
const SIGNAL_OF = { span: 'traces', activeSpan: 'traces', log: 'logs' };

/**
 * One paced run of one side for a group of operations (and the empty loop, `none`): per operation,
 * CPU ns per call and the items the sink received.
 */
const pacedRun = async (sink, side, group) => {
  const before = {};
  const delivered = {};
  const report = await runWorker(
    'hot-path-paced-worker.js',
    [
      JSON.stringify({
        side,
        endpoint: sink.ready.address,
        rate: PACED_GROUPS[group].rate,
        windowMs: PACED_WINDOW_MS,
        ops: ['none', ...OPERATIONS.filter((o) => o[2] === group).map(([key]) => key)],
      }),
    ],
    {
      execArgv: ['--expose-gc'],
      onMessage: (message, child) => {
        if (message.type !== 'before' && message.type !== 'after') return;
        void sink.request({ type: 'counts' }).then((counts) => {
          const signal = SIGNAL_OF[message.op];
          if (message.type === 'before') before[message.op] = counts[signal];
          else delivered[message.op] = signal === undefined ? undefined : counts[signal] - before[message.op];
          child.send({ type: 'ok' });
        });
      },
    },
  );
  for (const [op, result] of Object.entries(report.results)) result.delivered = delivered[op];
  return report.results;
};

/** The primary table: paced CPU per call, export included. */
const runPaced = async (rounds) => {
  const sink = await startHelper('sink-child.js');
  const perSide = { raw: [], tf: [] };
  try {
    for (let round = 0; round < rounds; round++) {
      for (const side of round % 2 === 0 ? ['raw', 'tf'] : ['tf', 'raw']) {
        const byGroup = {};
        for (const group of Object.keys(PACED_GROUPS)) byGroup[group] = await pacedRun(sink, side, group);
        perSide[side].push(byGroup);
      }
    }
  } finally {
    await sink.stop();
  }
  const rows = [];
  const ratios = {};
  const grossRatios = {};
  const deliveredOf = (runs, key) => {
    const counted = runs.map((r) => r[key]).filter((r) => r.delivered !== undefined);
    if (counted.length === 0) return '–';
    return `${fmt(Math.min(...counted.map((r) => (100 * r.delivered) / r.calls)), 1)} %`;
  };
  const cpu = (runs, group, key) => median(runs.map((r) => r[group][key].cpuNsPerCall));
  // The empty paced loop of each group: what a call slot costs with no call in it (timer ticks, the
  // idle export machinery), measured in each run; net = a call's CPU above it.
  const netOf = (run, group, key) => run[group][key].cpuNsPerCall - run[group].none.cpuNsPerCall;
  const net = (runs, group, key) => median(runs.map((r) => netOf(r, group, key)));
  for (const [group, { rate }] of Object.entries(PACED_GROUPS)) {
    rows.push([
      `empty paced loop at ${fmt(rate / 1000)}k/s (no call)`,
      fmt(cpu(perSide.raw, group, 'none')),
      fmt(cpu(perSide.tf, group, 'none')),
      `${fmt(cpu(perSide.tf, group, 'none') / cpu(perSide.raw, group, 'none'), 2)}×`,
      '',
      '',
      '',
      '',
      '',
      '',
      '',
    ]);
  }
  for (const [key, label, group] of OPERATIONS) {
    const raw = cpu(perSide.raw, group, key);
    const tf = cpu(perSide.tf, group, key);
    const rawNet = net(perSide.raw, group, key);
    const tfNet = net(perSide.tf, group, key);
    ratios[label] = tfNet / rawNet;
    grossRatios[label] = tf / raw;
    const perRound = perSide.tf
      .map((r, i) => ratio(netOf(r, group, key), netOf(perSide.raw[i], group, key)))
      .join(', ');
    const dropped = Math.max(...perSide.tf.map((r) => r[group][key].dropped ?? 0));
    rows.push([
      label,
      fmt(raw),
      fmt(tf),
      `${fmt(tf / raw, 2)}×`,
      fmt(rawNet),
      fmt(tfNet),
      `${fmt(tfNet / rawNet, 2)}×`,
      perRound,
      deliveredOf(
        perSide.raw.map((r) => r[group]),
        key,
      ),
      deliveredOf(
        perSide.tf.map((r) => r[group]),
        key,
      ),
      fmt(dropped),
    ]);
  }
  return {
    ratios,
    grossRatios,
    config: [
      `Each side in its own process, ${rounds} rounds alternating which side runs first. Per operation, after a`,
      `2 000-call warm-up (exported, not counted): ${fmt(PACED_METRIC_CALLS_PER_SECOND)} metric calls/s or`,
      `${fmt(PACED_CALLS_PER_SECOND)} span and log calls/s paced in 1 ms ticks for`,
      `${fmt(PACED_WINDOW_MS / 1000, 1)} s, then flush(); CPU = the process’s user + system time from the first call until`,
      'flush resolved (so the export of every item of the window is in it, and the timer ticks too) ÷ calls.',
      'Real export over OTLP/gRPC with **gzip on both sides** to a loopback sink in another process (it',
      'counts items without decoding them): raw OTel with the official OTLP/gRPC exporters and default',
      'BatchSpanProcessor / BatchLogRecordProcessor / PeriodicExportingMetricReader settings; ours with',
      '`@telemetryflow/infrastructure-grpc` and default settings but a 60 s metric interval (raw OTel’s',
      'default, so a periodic metric export lands in neither side’s windows). Both register an AsyncLocalStorage',
      'context manager. delivered = the lowest over rounds of items the sink received ÷ calls (spans and',
      'logs; metrics arrive aggregated); dropped = the most our getStatus() counted in a window.',
      'The empty paced loop (the same ticks with no call, at each rate) costs each side about as much as several calls',
      '(a timer wake-up is tens of µs of CPU on this VM): net = CPU per call minus that loop’s, each run',
      'against its own; the target is on the net ratio (median over rounds). Metric calls run at the higher rate',
      'so that the ticks are not most of what is measured (measurements are aggregated, not exported one by one).',
    ].join('\n'),
    table: markdownTable(
      [
        'operation',
        'raw OTel CPU ns/call',
        'TF CPU ns/call',
        'TF / raw',
        'raw OTel net ns/call',
        'TF net ns/call',
        'TF / raw net',
        'TF / raw net per round',
        'raw delivered',
        'TF delivered',
        'TF dropped',
      ],
      rows,
    ),
  };
};

/**
 * @returns {Promise<{ title: string, config: string, table: string, ratios: Record<string, number>,
 *   isolatedRatios: Record<string, number> }>}
 */
export async function runHotPath({ rounds = 3, time = 300, pacedRounds = PACED_ROUNDS } = {}) {
  const paced = await runPaced(pacedRounds);
  let droppedIsolated = 0;
  const perSide = { raw: [], tf: [] };
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? ['raw', 'tf'] : ['tf', 'raw'];
    for (const side of order) {
      const report = await runWorker('hot-path-worker.js', [side, String(time)]);
      // A figure, not a failure: the table says when our side dropped.
      if (report.dropped) droppedIsolated = Math.max(droppedIsolated, report.dropped);
      perSide[side].push(report.results);
    }
  }
  const rows = [];
  const ratios = {};
  for (const [key, label] of OPERATIONS) {
    if (perSide.raw[0][key] === undefined) continue;
    const raw = median(perSide.raw.map((r) => r[key].p50));
    const tf = median(perSide.tf.map((r) => r[key].p50));
    const perRound = perSide.tf.map((r, i) => ratio(r[key].p50, perSide.raw[i][key].p50)).join(', ');
    ratios[label] = tf / raw;
    rows.push([label, fmt(1e9 / raw), fmt(raw), fmt(1e9 / tf), fmt(tf), `${fmt(tf / raw, 2)}×`, perRound]);
  }
  const isolated = {
    config: [
      `Each side in its own process, ${rounds} rounds alternating which side runs first; per round, tinybench`,
      `samples of ${OPS_PER_SAMPLE} calls for ${time} ms per operation (after 150 ms warm-up), drained with a`,
      'setImmediate between samples outside the timed window (neither side should drop; our side checked:',
      `${droppedIsolated === 0 ? 'none dropped' : `it dropped up to ${fmt(droppedIsolated)} items in a round`}).`,
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
  };
  return {
    title: '1. Hot path (paced CPU per call, export included)',
    config: paced.config,
    table: `${paced.table}\n\n### The call alone, exporting off-path (tinybench)\n\n${isolated.config}\n\n${isolated.table}`,
    ratios: paced.ratios,
    grossRatios: paced.grossRatios,
    isolatedRatios: ratios,
  };
}
