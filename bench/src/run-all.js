// `pnpm bench`: runs the scenarios, prints each table and writes bench/results/latest.md.
// `node bench/src/run-all.js hot-path exemplars delivery export cold-start dead-collector deadlines loggers` runs only those named.
// It prints figures and never fails on them.
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runColdStart } from './cold-start.js';
import { runDeadCollector } from './dead-collector.js';
import { OVERSHOOT_LIMIT_MS, runDeadlines } from './deadlines.js';
import { BURST_DELIVERED_TARGET_PCT, BURST_ITEMS, BURST_RSS_TARGET_MB, runDelivery } from './delivery.js';
import { runExemplars } from './exemplars.js';
import { runExportE2E } from './export-e2e.js';
import { runHotPath } from './hot-path.js';
import { runLoggers } from './loggers.js';
import { fmt, markdownTable } from './table.js';

const here = dirname(fileURLToPath(import.meta.url));
const started = performance.now();

/** The installed version of a dependency of `from` (bench's package.json by default). */
const versionOf = (name, from = join(here, '../package.json')) => {
  try {
    return JSON.parse(readFileSync(createRequire(from).resolve(`${name}/package.json`), 'utf8')).version;
  } catch {
    try {
      // Packages whose exports map hides package.json: read it where the link points.
      return JSON.parse(readFileSync(join(dirname(from), 'node_modules', name, 'package.json'), 'utf8'))
        .version;
    } catch {
      return '?';
    }
  }
};
const grpcPackage = fileURLToPath(import.meta.resolve('@telemetryflow/infrastructure-grpc'));

const SCENARIOS = {
  'hot-path': runHotPath,
  exemplars: runExemplars,
  delivery: runDelivery,
  export: runExportE2E,
  'cold-start': runColdStart,
  'dead-collector': runDeadCollector,
  deadlines: runDeadlines,
  loggers: runLoggers,
};
const selected = process.argv.slice(2);
const unknown = selected.filter((name) => !(name in SCENARIOS));
if (unknown.length > 0) {
  console.error(`unknown scenario(s): ${unknown.join(', ')}; known: ${Object.keys(SCENARIOS).join(', ')}`);
  process.exit(2);
}

const header = [
  '# TelemetryFlow SDK benchmarks',
  '',
  '`pnpm bench` (bench/src/run-all.js). TelemetryFlow (TF) against raw OpenTelemetry JS doing the same work;',
  'ratios are TF / raw OTel (below 1 is better for costs, above 1 for throughput).',
  '',
  `Node ${process.version}, ${process.platform}/${process.arch}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load average at start`,
  `${loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ')}, ${new Date().toISOString()}. The machine may be shared: expect some noise between runs.`,
  `Versions: @opentelemetry/sdk-trace ${versionOf('@opentelemetry/sdk-trace')}, sdk-metrics ${versionOf('@opentelemetry/sdk-metrics')}, sdk-logs ${versionOf('@opentelemetry/sdk-logs')}, sdk-node ${versionOf('@opentelemetry/sdk-node')},`,
  `exporter-trace-otlp-grpc ${versionOf('@opentelemetry/exporter-trace-otlp-grpc')}, exporter-logs-otlp-grpc ${versionOf('@opentelemetry/exporter-logs-otlp-grpc')}, exporter-metrics-otlp-grpc ${versionOf('@opentelemetry/exporter-metrics-otlp-grpc')}, @grpc/grpc-js ${versionOf('@grpc/grpc-js', grpcPackage)},`,
  `tinybench ${versionOf('tinybench')}, @telemetryflow/client ${versionOf('@telemetryflow/client')}.`,
];
console.log(header.join('\n'));

const sections = [];
const results = {};
for (const [name, run] of Object.entries(SCENARIOS)) {
  if (selected.length > 0 && !selected.includes(name)) continue;
  const t0 = performance.now();
  const result = await run();
  const seconds = (performance.now() - t0) / 1000;
  results[name] = result;
  const section = `## ${result.title}\n\n${result.config}\n\n${result.table}\n\n_${fmt(seconds, 1)} s._`;
  sections.push(section);
  console.log(`\n${section}`);
}

/** The targets of issue #22 ("Done when"), then the earlier ones still measured, each with where we are. */
const targets = () => {
  const rows = [];
  const hot = results['hot-path'];
  if (hot) {
    const worst = Math.max(...Object.values(hot.ratios));
    const list = (ratios) =>
      Object.entries(ratios)
        .map(([op, r]) => `${op.split(' (')[0]} ${fmt(r, 2)}×`)
        .join(', ');
    rows.push([
      'hot path ≤ 1.10× raw OTel for every recording call (paced CPU per call, export included, gzip both sides)',
      worst <= 1.1 ? 'met' : 'missed',
      `net of the empty loop: ${list(hot.ratios)}; gross: ${list(hot.grossRatios)}; the call alone against OpenTelemetry’s API on the same providers, one process: ${list(hot.sameProcessRatios)}; not in the target, metric calls with exemplars off (paced, net): ${list(hot.noExemplarRatios)}`,
    ]);
  }
  const delivery = results.delivery?.verdict;
  if (delivery) {
    const burst = Object.entries(delivery.burst);
    const met = burst.every(
      ([, b]) => b.tf.pct >= BURST_DELIVERED_TARGET_PCT && b.tf.rssMB <= BURST_RSS_TARGET_MB,
    );
    rows.push([
      `burst of ${fmt(BURST_ITEMS / 1000)}k spans and ${fmt(BURST_ITEMS / 1000)}k logs: ≥ ${BURST_DELIVERED_TARGET_PCT} % delivered within ${BURST_RSS_TARGET_MB} MB peak RSS growth`,
      met ? 'met' : 'missed',
      burst
        .map(
          ([signal, b]) =>
            `${signal === 'traces' ? 'spans' : 'logs'} ${fmt(b.tf.pct, 1)} % / +${fmt(b.tf.rssMB, 1)} MB (raw OTel ${fmt(b.raw.pct, 1)} % / +${fmt(b.raw.rssMB, 1)} MB)`,
        )
        .join('; '),
    ]);
    const ceiling = Object.entries(delivery.ceiling);
    rows.push([
      'export ceiling ≥ 1.0× the official exporter, default settings',
      ceiling.every(([, c]) => c.tf.perSecond >= c.raw.perSecond) ? 'met' : 'missed',
      ceiling
        .map(
          ([signal, c]) =>
            `${signal === 'traces' ? 'spans' : 'logs'} ${fmt(c.tf.perSecond / c.raw.perSecond, 2)}× (${fmt(c.tf.perSecond)}/s vs ${fmt(c.raw.perSecond)}/s)`,
        )
        .join('; '),
    ]);
  }
  const cold = results['cold-start'];
  if (cold) {
    const [wall, , importStart, rss] = Object.entries(cold.ratios);
    rows.push([
      'cold start vs sdk-node (figure)',
      'reported',
      `wall ${fmt(wall[1], 2)}×, import+start ${fmt(importStart[1], 2)}×, RSS ${fmt(rss[1], 2)}×`,
    ]);
  }
  const dead = results['dead-collector']?.verdict;
  if (dead) {
    rows.push([
      'memory flat under a dead collector (issue #8)',
      dead.flat ? 'met' : 'missed',
      `heap spread ${fmt(dead.tfHeapSpreadMB, 2)} MB, RSS spread ${fmt(dead.tfRssSpreadMB, 1)} MB over 100k → 1M; dropped ${fmt(dead.tfStatus.dropped)} (counted)`,
    ]);
  }
  const deadlines = results.deadlines?.verdict;
  if (deadlines) {
    const worst = Object.entries(deadlines.worst)
      .map(
        ([protocol, w]) =>
          `${protocol} ${fmt(w.overshootMs)} ms (${w.step}(${fmt(w.deadline)}), ${w.collector})`,
      )
      .join(', ');
    rows.push([
      'flush/shutdown return at their deadline (issue #8)',
      deadlines.met ? 'met' : 'missed',
      `worst overshoot (limit ${OVERSHOOT_LIMIT_MS} ms): ${worst}`,
    ]);
  }
  return markdownTable(['target', 'status', 'where we are'], rows, { text: true });
};

const total = (performance.now() - started) / 1000;
const markdown = `${header.join('\n')}\n\n## Targets\n\n${targets()}\n\n${sections.join('\n\n')}\n\n_Total run time: ${fmt(total, 1)} s._\n`;
console.log(`\n## Targets\n\n${targets()}\n\nTotal run time: ${fmt(total, 1)} s.`);
mkdirSync(join(here, '../results'), { recursive: true });
writeFileSync(join(here, '../results/latest.md'), markdown);
console.log('wrote bench/results/latest.md');
