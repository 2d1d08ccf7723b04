// Scenario 3: cold start. A fresh process imports the SDK with its gRPC exporter, builds and starts
// it; ours (client + @telemetryflow/infrastructure-grpc) vs @opentelemetry/sdk-node's NodeSDK
// with the official OTLP/gRPC trace exporter. Runs alternate between the sides.
import { fork } from 'node:child_process';
import { here, runWorker } from './child.js';
import { fmt, markdownTable, median } from './table.js';

// Nothing listens there: starting must not need a collector (and sends nothing).
const ENDPOINT = '127.0.0.1:4317';

const startOnce = (side) =>
  new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = fork(here('cold-start-child.js'), [side, ENDPOINT], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      // NodeSDK's default metric and log exporters would point at localhost: keep them on loopback.
      env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: `http://${ENDPOINT}` },
    });
    let report;
    child.on('message', (message) => {
      report = { ...message, wallMs: performance.now() - t0 };
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      report ? resolve(report) : reject(new Error(`cold start (${side}) exited ${code}`)),
    );
  });

/** @returns {Promise<{ title: string, config: string, table: string, ratios: object }>} */
export async function runColdStart({ runs = 11, importRuns = 7 } = {}) {
  const results = { tf: [], raw: [] };
  await startOnce('tf'); // warm the file-system cache for both, off the record
  await startOnce('raw');
  for (let i = 0; i < runs; i++) {
    for (const side of i % 2 === 0 ? ['raw', 'tf'] : ['tf', 'raw']) results[side].push(await startOnce(side));
  }
  const stat = (side, f) => median(results[side].map(f));
  const metrics = [
    ['wall time: spawn → started (ms)', (r) => r.wallMs, 1],
    ['process start → started (ms)', (r) => r.sinceProcessStartMs, 1],
    ['import + build + start (ms)', (r) => r.importAndStartMs, 1],
    ['RSS when started (MB)', (r) => r.rssBytes / 1e6, 1],
  ];
  const rows = metrics.map(([label, f, digits]) => {
    const raw = stat('raw', f);
    const tf = stat('tf', f);
    return [label, fmt(raw, digits), fmt(tf, digits), `${fmt(tf / raw, 2)}×`];
  });
  const ratios = Object.fromEntries(metrics.map(([label, f]) => [label, stat('tf', f) / stat('raw', f)]));
  // Where our side's ms go: each package's import in a fresh process, in dependency order.
  const importReports = [];
  for (let i = 0; i < importRuns; i++) importReports.push(await runWorker('cold-start-imports-child.js', []));
  const stepNames = importReports[0].steps.map(([name]) => name);
  const stepMs = stepNames.map((name, i) => median(importReports.map((r) => r.steps[i][1])));
  const stepTotal = stepMs.reduce((a, b) => a + b, 0);
  const importRows = stepNames.map((name, i) => [
    name,
    fmt(stepMs[i], 1),
    `${fmt((100 * stepMs[i]) / stepTotal, 0)} %`,
  ]);
  importRows.push(['sum of the medians', fmt(stepTotal, 1), '100 %']);
  return {
    title: '4. Cold start (fresh process: import, build, start)',
    config: [
      `Median of ${runs} runs per side, alternating, after one unrecorded start of each.`,
      'Ours: `@telemetryflow/client` + `@telemetryflow/infrastructure-grpc` `createTransport`, insecure,',
      'all three signals on (defaults). Raw: `@opentelemetry/sdk-node` `NodeSDK({ serviceName, traceExporter:',
      'new OTLPTraceExporter(grpc) })` then `start()`, with its defaults otherwise (OTLP metric and log exporters,',
      'env/process/host resource detectors). No collector is listening; nothing is recorded.',
    ].join('\n'),
    table: [
      markdownTable(['measure', 'raw OTel (NodeSDK)', 'TelemetryFlow', 'TF / raw'], rows),
      '',
      `Where our side’s ms go (\`src/cold-start-imports-child.js\`, median of ${importRuns} fresh processes): each`,
      'package imported alone in dependency order, so a step pays only for what the steps before did not load',
      '(the first import also pays for starting the module loader); the metrics and logs providers are built at',
      'the first use of their signal, so `initialize()` builds the tracer provider, the resource and the pipeline.',
      '',
      markdownTable(['step', 'ms', 'share'], importRows),
    ].join('\n'),
    ratios,
  };
}
