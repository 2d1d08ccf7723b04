// Scenario 2: end-to-end export over gRPC to a loopback receiver in another process, TelemetryFlow
// (client + @telemetryflow/infrastructure-grpc) vs raw OpenTelemetry JS (provider + batch
// processor + official OTLP/gRPC exporter). Each run is its own process (export-worker.js).
import { runWorker, startHelper } from './child.js';
import { BATCH_MAX_SIZE, EXPORT_DELAY_MS, EXPORT_QUEUE_SIZE, UNBOUNDED_RATE_LIMIT } from './settings.js';
import { fmt, markdownTable, median, summarizeExport } from './table.js';

const BURST_CHUNK = 500;
/** Both sides compress (gzip), as a deployment to a remote collector would. */
const COMPRESSION = 'gzip';
const PACED_RATE = 10_000;
const PACED_SECONDS = 3;
const OVER_LIMIT_RATE = 20_000;
const OVER_LIMIT_SECONDS = 4;

const SIDE_NAMES = { raw: 'raw OTel', tf: 'TelemetryFlow', 'tf-default': 'TelemetryFlow, default rateLimit' };

/**
 * One run: the worker feeds, flushes and reports; the receiver says what arrived.
 * `spec`: { side: 'raw'|'tf'|'tf-default', signal, mode, items, rate?, chunk?, compression?, defaults? }.
 */
export const runOnce = async (receiver, spec) => {
  let before;
  const args = {
    side: spec.side === 'raw' ? 'raw' : 'tf',
    signal: spec.signal,
    mode: spec.mode,
    endpoint: receiver.ready.address,
    items: spec.items,
    chunk: spec.chunk ?? BURST_CHUNK,
    rate: spec.rate,
    rateLimit: spec.side === 'tf' && !spec.defaults ? UNBOUNDED_RATE_LIMIT : undefined,
    compression: spec.compression ?? COMPRESSION,
    defaults: spec.defaults === true,
  };
  const report = await runWorker('export-worker.js', [JSON.stringify(args)], {
    execArgv: ['--expose-gc'],
    onMessage: (message, child) => {
      if (message.type !== 'warm') return;
      void receiver.request({ type: 'counts' }).then((counts) => {
        before = counts;
        child.send({ type: 'go' });
      });
    },
  });
  const after = await receiver.request({ type: 'counts' });
  const delivered = after[spec.signal] - before[spec.signal];
  return { ...report, delivered, receiverCpuMs: after.cpuMs - before.cpuMs };
};

const RUNS = [
  {
    key: `traces ${PACED_RATE / 1000}k/s`,
    signal: 'traces',
    mode: 'paced',
    items: PACED_RATE * PACED_SECONDS,
    rate: PACED_RATE,
  },
  {
    key: `logs ${PACED_RATE / 1000}k/s`,
    signal: 'logs',
    mode: 'paced',
    items: PACED_RATE * PACED_SECONDS,
    rate: PACED_RATE,
  },
];

const summarize = (runs) => {
  const m = (f) => median(runs.map(f));
  return {
    ...summarizeExport(runs),
    cpuPerItemUs: m((r) => (r.cpuMs * 1000) / r.fed),
    p50: m((r) => r.delayP50Ms),
    p99: m((r) => r.delayP99Ms),
    receiverUsPerItem: m((r) => (r.receiverCpuMs * 1000) / Math.max(1, r.delivered)),
  };
};

/** @returns {Promise<{ title: string, config: string, table: string, verdict: object }>} */
export async function runExportE2E({ reps = 2 } = {}) {
  const receiver = await startHelper('receiver-child.js');
  const results = new Map();
  try {
    for (let rep = 0; rep < reps; rep++) {
      for (const run of RUNS) {
        const order = rep % 2 === 0 ? ['raw', 'tf'] : ['tf', 'raw'];
        for (const side of order) {
          const key = `${run.key}|${side}`;
          const result = await runOnce(receiver, { ...run, side });
          results.set(key, [...(results.get(key) ?? []), result]);
        }
      }
    }
    // Once: our side with the default rate limit, above the rate it allows.
    const overLimit = {
      key: `traces ${OVER_LIMIT_RATE / 1000}k/s`,
      signal: 'traces',
      mode: 'paced',
      items: OVER_LIMIT_RATE * OVER_LIMIT_SECONDS,
      rate: OVER_LIMIT_RATE,
    };
    results.set(`${overLimit.key}|tf-default`, [
      await runOnce(receiver, { ...overLimit, side: 'tf-default' }),
    ]);
  } finally {
    await receiver.stop();
  }

  const rows = [];
  const perRun = [];
  const verdict = {};
  for (const [key, runs] of results) {
    const [run, side] = key.split('|');
    const s = summarize(runs);
    const raw = side === 'raw' ? undefined : results.get(`${run}|raw`);
    const rawSummary = raw ? summarize(raw) : undefined;
    const vs = (value, base) => (base === undefined ? '' : ` (${fmt(value / base, 2)}×)`);
    rows.push([
      run,
      SIDE_NAMES[side],
      fmt(s.fed),
      `${fmt(s.delivered)} (${fmt(s.pct, 1)} %)`,
      fmt(s.perSecond) + vs(s.perSecond, rawSummary?.perSecond),
      fmt(s.cpuMs) + vs(s.cpuMs, rawSummary?.cpuMs),
      fmt(s.cpuPerItemUs, 1),
      fmt(s.p50, 2),
      fmt(s.p99, 2),
      s.dropped === undefined ? 'not reported' : fmt(s.dropped),
    ]);
    runs.forEach((r, i) =>
      perRun.push([
        `${run}, ${SIDE_NAMES[side]}, run ${i + 1}`,
        `${fmt((100 * r.delivered) / r.fed, 1)} %`,
        fmt((r.delivered / r.doneMs) * 1000),
        fmt(r.cpuMs),
        fmt(r.delayP50Ms, 2),
        fmt(r.delayP99Ms, 2),
        fmt(r.receiverCpuMs),
      ]),
    );
    verdict[key] = s;
  }
  const receiverCost = median(
    [...results.values()].flat().map((r) => (r.receiverCpuMs * 1000) / Math.max(1, r.delivered)),
  );
  return {
    title: '3. Paced export over gRPC (decoding receiver in another process)',
    config: [
      `Batch ${BATCH_MAX_SIZE} items, queue ${EXPORT_QUEUE_SIZE} items and batch delay ${EXPORT_DELAY_MS / 1000} s on both sides;`,
      '**gzip on both sides**; plaintext gRPC to 127.0.0.1. In flight per signal: raw OTel’s batch',
      'processor 1 export at a time, ours up to 2. Both register an AsyncLocalStorage context manager (as NodeSDK',
      'does). Spans: SERVER kind, 2 attributes; log records: INFO, 2 attributes.',
      `Our side’s rateLimit is unbounded (${UNBOUNDED_RATE_LIMIT.toExponential()}/min) except in the row that says`,
      'default (1 000 requests/min, the reference SDK’s default).',
      `A steady rate in 1 ms ticks (${PACED_SECONDS} s; the default-rateLimit row ${OVER_LIMIT_SECONDS} s); bursts and the export`,
      'ceiling are in the next section.',
      'Each run in a fresh process after a 1 000-item warm-up (not counted). delivered = items the receiver',
      'accepted; delivered/s = delivered ÷ wall time from the first item until flush resolved; CPU = the',
      'client process’s user + system time over the same window; loop delay = monitorEventLoopDelay',
      '(resolution 1 ms: an idle loop reads ≈ 1.1 ms). dropped = our getStatus() (raw OTel has no such count).',
      `The receiver (the dev collector’s) decodes every request (≈ ${fmt(receiverCost, 1)} µs CPU per item).`,
      `Medians of ${reps} runs per row (alternating which side goes first); each run below.`,
    ].join('\n'),
    table: `${markdownTable(
      [
        'run',
        'side',
        'fed',
        'delivered',
        'delivered/s (× raw)',
        'CPU ms (× raw)',
        'CPU µs/item',
        'loop delay p50 ms',
        'p99 ms',
        'dropped (getStatus)',
      ],
      rows,
    )}\n\nEach run:\n\n${markdownTable(
      ['run', 'delivered', 'delivered/s', 'CPU ms', 'delay p50 ms', 'p99 ms', 'receiver CPU ms'],
      perRun,
    )}`,
    verdict,
  };
}
