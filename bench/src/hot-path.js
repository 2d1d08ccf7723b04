// Scenario 1: the cost of one recording call, TelemetryFlow vs the same work on raw OpenTelemetry
// JS. Two tables:
// - paced CPU per call with export included (the primary one, issue #22): each side in its own
//   process (hot-path-paced-worker.js) records each operation at a steady paced rate with real
//   export over OTLP/gRPC, gzip, to a loopback sink (sink-child.js), and reports process CPU per
//   call over the window, flush included; rounds of fresh processes, the sides taking turns window by window;
// - ns/op of the call alone, exporting off the measured path (tinybench, hot-path-worker.js);
// - the client's call against OpenTelemetry's API on the client's own providers, in one process
//   (hot-path-same-process-worker.js): what the client's layer adds, without what differs between
//   processes.
import { runWorker, startHelper } from './child.js';
import { METRIC_OPERATIONS, noExemplarsKey } from './operations.js';
import {
  BATCH_MAX_SIZE,
  HOT_PATH_DELAY_MS,
  OPS_PER_SAMPLE,
  PACED_CALLS_PER_SECOND,
  PACED_METRIC_CALLS_PER_SECOND,
  PACED_METRIC_INTERVAL_MS,
  PACED_ROUNDS,
  PACED_WINDOW_MS,
  PACED_WINDOWS,
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
/**
 * The metric calls again, our side on a client with `enableExemplars: false` (raw OTel makes the
 * same calls): the client's default samples exemplars (the specification's `trace_based` filter),
 * which reads the active context, and OpenTelemetry JS has no exemplars. Shown apart from the
 * target's figures. Our side makes them in a process of its own (see `PACED_GROUPS`).
 */
const NO_EXEMPLAR_OPERATIONS = OPERATIONS.filter(([key]) => METRIC_OPERATIONS.includes(key)).map(
  ([key, label]) => [noExemplarsKey(key), `${label.split(' ')[0]}, exemplars off`, 'metricsNoExemplars'],
);
const PACED_OPERATIONS = [...OPERATIONS, ...NO_EXEMPLAR_OPERATIONS];
/**
 * The paced rate of each group of operations, each run with its own empty loop, and on our side the
 * worker that runs it. The "exemplars off" calls run on a third worker (a client with exemplars
 * off, alone in its process), not on a second client in the measured one: the second client's
 * calls run the same code with other objects, and in an A/B of the one-process loop (14 processes
 * each) they made the first client's counter call 1.5 % dearer, a cost raw OTel's side, whose
 * "exemplars off" calls are its same calls, did not bear.
 */
const PACED_GROUPS = {
  metrics: { rate: PACED_METRIC_CALLS_PER_SECOND, tfWorker: 'tf', label: '' },
  items: { rate: PACED_CALLS_PER_SECOND, tfWorker: 'tf', label: '' },
  metricsNoExemplars: {
    rate: PACED_METRIC_CALLS_PER_SECOND,
    tfWorker: 'tfNoExemplars',
    label: ', our side: the exemplars-off process',
  },
};
/** The operation of a key: `none@metrics` is the empty loop (`none`) at the metric rate. */
const opOf = (key) => key.split('@')[0];
/** Operations whose items the sink counts one by one (metrics arrive aggregated). */
const SIGNAL_OF = { span: 'traces', activeSpan: 'traces', log: 'logs' };

/**
 * A side's paced worker, set up and waiting for windows. `tfNoExemplars`: our side with exemplars
 * off (the "exemplars off" rows).
 */
const startSide = (sink, worker) => {
  const options = worker === 'tfNoExemplars' ? { side: 'tf', enableExemplars: false } : { side: worker };
  return startHelper(
    'hot-path-paced-worker.js',
    [JSON.stringify({ ...options, endpoint: sink.ready.address })],
    { execArgv: ['--expose-gc'] },
  );
};

/**
 * The primary table: paced CPU per call, export included. Per round, a fresh worker per side; both
 * stay up for the round and take turns, one window at a time (only one side records at once): per
 * operation a warm-up window each (not counted), then `windows` windows each, the side that goes
 * first alternating. Rounds average over what differs between processes (what the JIT made of the
 * path), the turns over what differs in time (a busy spell of the machine).
 */
const runPaced = async (rounds, windows) => {
  const sink = await startHelper('sink-child.js');
  /** perSide[side][key] = the results of that side's windows of operation `key`, in order. */
  const perSide = { raw: {}, tf: {} };
  try {
    for (let round = 0; round < rounds; round++) {
      const workers = {
        raw: await startSide(sink, 'raw'),
        tf: await startSide(sink, 'tf'),
        tfNoExemplars: await startSide(sink, 'tfNoExemplars'),
      };
      try {
        const window = async (side, op, rate, tfWorker) => {
          const signal = SIGNAL_OF[op];
          const before = await sink.request({ type: 'counts' });
          const { result } = await workers[side === 'tf' ? tfWorker : side].request({
            type: 'window',
            op,
            rate,
            windowMs: PACED_WINDOW_MS,
          });
          const after = await sink.request({ type: 'counts' });
          result.delivered = signal === undefined ? undefined : after[signal] - before[signal];
          return result;
        };
        for (const [group, { rate, tfWorker }] of Object.entries(PACED_GROUPS)) {
          const keys = [
            `none@${group}`,
            ...PACED_OPERATIONS.filter((o) => o[2] === group).map(([key]) => key),
          ];
          for (const key of keys) {
            for (const side of ['raw', 'tf']) await window(side, opOf(key), rate, tfWorker);
          }
          for (let w = 0; w < windows; w++) {
            for (const [i, key] of keys.entries()) {
              for (const side of (round + w + i) % 2 === 0 ? ['raw', 'tf'] : ['tf', 'raw']) {
                (perSide[side][key] ??= []).push(await window(side, opOf(key), rate, tfWorker));
              }
            }
          }
        }
      } finally {
        await Promise.all(Object.values(workers).map((worker) => worker.stop()));
      }
    }
  } finally {
    await sink.stop();
  }
  const rows = [];
  const ratios = {};
  const grossRatios = {};
  const deliveredOf = (side, key) => {
    const counted = perSide[side][key].filter((r) => r.delivered !== undefined);
    if (counted.length === 0) return '–';
    return `${fmt(Math.min(...counted.map((r) => (100 * r.delivered) / r.calls)), 1)} %`;
  };
  const cpu = (side, key) => median(perSide[side][key].map((r) => r.cpuNsPerCall));
  // The empty paced loop of each group: what a call slot costs with no call in it (timer ticks, the
  // idle export machinery); net = a call's CPU above it, each side against its own.
  const net = (side, key, group) => cpu(side, key) - cpu(side, `none@${group}`);
  /** Per window pair w: TF's net over raw's, each against its own empty loop of the same pair. */
  const pairRatios = (key, group) =>
    perSide.tf[key].map((tf, w) => {
      const rawNet = perSide.raw[key][w].cpuNsPerCall - perSide.raw[`none@${group}`][w].cpuNsPerCall;
      return (tf.cpuNsPerCall - perSide.tf[`none@${group}`][w].cpuNsPerCall) / rawNet;
    });
  for (const [group, { rate, label }] of Object.entries(PACED_GROUPS)) {
    const none = `none@${group}`;
    rows.push([
      `empty paced loop at ${fmt(rate / 1000)}k/s (no call${label})`,
      fmt(cpu('raw', none)),
      fmt(cpu('tf', none)),
      `${fmt(cpu('tf', none) / cpu('raw', none), 2)}×`,
      '',
      '',
      '',
      '',
      '',
      '',
      '',
    ]);
  }
  const noExemplarRatios = {};
  for (const [key, label, group] of PACED_OPERATIONS) {
    const raw = cpu('raw', key);
    const tf = cpu('tf', key);
    const rawNet = net('raw', key, group);
    const tfNet = net('tf', key, group);
    if (NO_EXEMPLAR_OPERATIONS.some(([k]) => k === key)) noExemplarRatios[label] = tfNet / rawNet;
    else {
      ratios[label] = tfNet / rawNet;
      grossRatios[label] = tf / raw;
    }
    const pairs = pairRatios(key, group).sort((x, y) => x - y);
    const quartile = (q) => pairs[Math.round(q * (pairs.length - 1))];
    const dropped = Math.max(...perSide.tf[key].map((r) => r.dropped ?? 0));
    rows.push([
      label,
      fmt(raw),
      fmt(tf),
      `${fmt(tf / raw, 2)}×`,
      fmt(rawNet),
      fmt(tfNet),
      `${fmt(tfNet / rawNet, 2)}×`,
      `${fmt(quartile(0.25), 2)}–${fmt(quartile(0.75), 2)}×`,
      deliveredOf('raw', key),
      deliveredOf('tf', key),
      fmt(dropped),
    ]);
  }
  return {
    ratios,
    grossRatios,
    noExemplarRatios,
    config: [
      `${rounds} rounds; per round, each side in a fresh process, both up for the round, taking turns window by window (one`,
      `side records at a time; which goes first alternates). Per operation, one warm-up window each (not counted), then ${windows}`,
      `windows each of ${fmt(PACED_METRIC_CALLS_PER_SECOND)} metric calls/s or ${fmt(PACED_CALLS_PER_SECOND)} span and log calls/s, paced in 1 ms ticks for`,
      `${fmt(PACED_WINDOW_MS / 1000, 1)} s, then flush(); CPU = the process’s user + system time from the first call until`,
      'flush resolved (so the export of every item of the window is in it, and the timer ticks too) ÷ calls.',
      'Real export over OTLP/gRPC with **gzip on both sides** to a loopback sink in another process (it',
      'counts items without decoding them): raw OTel with the official OTLP/gRPC exporters and default',
      'BatchSpanProcessor / BatchLogRecordProcessor settings; ours with `@telemetryflow/infrastructure-grpc`',
      `and default settings. The metric export interval is ${fmt(PACED_METRIC_INTERVAL_MS / 60_000)} min on both sides (longer than the table takes:`,
      'flush() exports each window’s metrics). Both register an AsyncLocalStorage context manager.',
      'delivered = the lowest over windows of items the sink received ÷ calls (spans and logs; metrics',
      'arrive aggregated); dropped = the most our getStatus() counted in a window.',
      'The empty paced loop (the same ticks with no call, at each rate) costs each side about as much as several calls',
      '(a 1 ms timer wake-up alone is 50–110 µs of CPU on this VM): net = CPU per call minus that loop’s, each side',
      `against its own; medians over the ${rounds * windows} windows. The target is on the net ratio; the column after it is the middle half`,
      'of the ratios of window pairs (each side’s window and empty loop of the same turn), to show the spread. Metric calls',
      'run at the higher rate (measurements are aggregated) so that the ticks, whose cost varies by half from window to',
      'window, are a tenth of what is measured, not a fifth (see settings.js).',
      'The rows "exemplars off" make the metric calls on a client of our side with `enableExemplars: false`, in a third',
      'process per round with its own empty loop (raw OTel makes the same calls as above, against a second empty loop):',
      'exemplars are on by default, as the specification’s `trace_based` filter, and read the active context;',
      'OpenTelemetry JS samples none. Not in the target’s figures. (Until 2026-12-02 that client ran in the measured',
      'process, next to the first: in an A/B of the one-process loop, 14 processes each, that made the first one’s',
      'counter call 1.5 % dearer, a cost raw OTel’s side did not bear.)',
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
        'TF / raw net, middle half of window pairs',
        'raw delivered',
        'TF delivered',
        'TF dropped',
      ],
      rows,
    ),
  };
};

/**
 * The client's calls against OpenTelemetry's API on the client's providers, in one process per
 * round (see hot-path-same-process-worker.js); per operation the median over rounds.
 */
const runSameProcess = async (rounds, pairs) => {
  const reports = [];
  const commonjsReports = [];
  for (let round = 0; round < rounds; round++) {
    reports.push(await runWorker('hot-path-same-process-worker.js', [String(pairs), 'esm']));
    commonjsReports.push(await runWorker('hot-path-same-process-worker.js', [String(pairs), 'commonjs']));
  }
  const rows = [];
  const ratios = {};
  for (const [key, label] of OPERATIONS) {
    const of = (side) => median(reports.map((r) => r.results[key][side]));
    const perRound = (side, of = reports) => of.map((r) => r.results[key][side] / r.results[key].otel);
    ratios[label] = median(perRound('tf'));
    const metric = reports[0].results[key].tfNoExemplars !== undefined;
    rows.push([
      label,
      fmt(of('otel')),
      fmt(of('tf')),
      `${fmt(median(perRound('tf')), 2)}×`,
      perRound('tf')
        .map((r) => `${fmt(r, 2)}×`)
        .join(', '),
      metric ? fmt(of('tfNoExemplars')) : '',
      metric ? `${fmt(median(perRound('tfNoExemplars')), 2)}×` : '',
      `${fmt(median(perRound('tf', commonjsReports)), 2)}×`,
    ]);
  }
  const dropped = Math.max(...[...reports, ...commonjsReports].map((r) => r.dropped));
  return {
    ratios,
    config: [
      `The client registers its providers as OpenTelemetry’s globals; the OpenTelemetry side makes the same`,
      'instruments, tracer and logger from those globals (another scope), so both share the meter provider, the span',
      'and log processors and the export pipeline: the ratio is what the client’s own layer adds to a call (checks,',
      'accounting, the exemplar filter’s read of the active context). Metric calls also run on a second client with',
      '`enableExemplars: false` (its own providers, configured alike). One process per round, ' +
        `${rounds} rounds of the ESM build (\`import\`) and ${rounds} of the CommonJS one (\`require\`, both sides); in each, per operation,`,
      `the sides take turns in ${fmt(pairs)} chunks each (2,000 metric, 500 span or 1,000 log calls, after 20 not counted),`,
      'the order rotating, with a setImmediate between chunks (export runs there, off the timed chunks; dropped:',
      `${fmt(dropped)}). ns/call: median over rounds; ratios: median of the rounds’ ratios, and each round’s.`,
    ].join('\n'),
    table: markdownTable(
      [
        'operation',
        'OpenTelemetry API ns/call',
        'TF ns/call',
        'TF / OTel API',
        'per round',
        'TF, exemplars off, ns/call',
        'exemplars off / OTel API',
        'CommonJS build: TF / OTel API',
      ],
      rows,
    ),
  };
};

/**
 * @returns {Promise<{ title: string, config: string, table: string, ratios: Record<string, number>,
 *   noExemplarRatios: Record<string, number>, isolatedRatios: Record<string, number>,
 *   sameProcessRatios: Record<string, number> }>}
 */
export async function runHotPath({
  rounds = 3,
  time = 300,
  pacedRounds = PACED_ROUNDS,
  pacedWindows = PACED_WINDOWS,
  sameProcessRounds = 3,
  sameProcessPairs = 150,
} = {}) {
  const paced = await runPaced(pacedRounds, pacedWindows);
  const sameProcess = await runSameProcess(sameProcessRounds, sameProcessPairs);
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
    table: [
      paced.table,
      `### The call alone, exporting off-path (tinybench)\n\n${isolated.config}\n\n${isolated.table}`,
      `### The call against OpenTelemetry’s API on the same providers, in one process\n\n${sameProcess.config}\n\n${sameProcess.table}`,
    ].join('\n\n'),
    ratios: paced.ratios,
    grossRatios: paced.grossRatios,
    noExemplarRatios: paced.noExemplarRatios,
    isolatedRatios: ratios,
    sameProcessRatios: sameProcess.ratios,
  };
}
