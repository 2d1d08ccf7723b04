#!/usr/bin/env node
// `pnpm demo`: the dev collector, the Express example instrumented with the SDK, a few requests,
// and what the collector received — over gRPC, on loopback, in about ten seconds.
import type { ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDevCollector } from './dev-collector.js';
import type { DevCollector, DevCollectorOptions } from './dev-collector.js';
import { freePort } from '@telemetryflow-internal/test-utils';
import { startApp, stopApp, waitUntilUp } from './demo-steps.js';
import { LiveStream } from './live-stream.js';
import { COLOR, PLAIN, formatLog, formatMetric, formatTrace } from './terminal-view.js';

const style = process.stdout.isTTY ? COLOR : PLAIN;
const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const serve = process.argv.includes('--serve');
const say = (line = '') => process.stdout.write(`${line}\n`);

/** The usual ports, or free ones when another collector already has them. */
const startCollector = async (options: DevCollectorOptions): Promise<DevCollector> => {
  try {
    return await startDevCollector({ ...options, grpcPort: 4317, httpPort: 4318, webPort: 4319 });
  } catch {
    say(style.dim('(ports 4317-4319 are busy: using free ones)'));
    return startDevCollector({ ...options, grpcPort: 0, httpPort: 0, webPort: 0 });
  }
};

let collector: DevCollector | undefined;
let app: ChildProcess | undefined;
let finished = false;

const finish = async (code: number): Promise<never> => {
  finished = true;
  if (app !== undefined) await stopApp(app, 5_000);
  await collector?.close();
  process.exit(code);
};

process.once('SIGINT', () => void finish(130));
process.once('SIGTERM', () => void finish(143));

// While the app runs, one line per export; step 5 then prints what arrived, once.
const live = new LiveStream(style, { detail: false });

try {
  say(style.bold('1. Starting the dev collector'));
  collector = await startCollector({
    onBatch: (signal, views, via) => {
      if (!finished) say(live.format(signal, views, via).join('\n'));
    },
  });
  say(
    `   OTLP/gRPC ${collector.grpcAddress}, OTLP/HTTP ${collector.httpUrl}, web ${collector.webUrl ?? '-'}`,
  );

  say(style.bold('\n2. Starting the Express example (apps/examples/http-server) with the SDK over gRPC'));
  const port = await freePort();
  app = startApp(
    join(root, 'apps/examples/http-server/src/main.js'),
    {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      TELEMETRYFLOW_API_KEY_ID: 'tfk_demo_key',
      TELEMETRYFLOW_API_KEY_SECRET: 'tfs_demo_secret',
      TELEMETRYFLOW_SERVICE_NAME: 'demo-http-server',
      TELEMETRYFLOW_ENVIRONMENT: 'development',
      TELEMETRYFLOW_ENDPOINT: collector.grpcAddress,
      TELEMETRYFLOW_INSECURE: 'true',
      TELEMETRYFLOW_BATCH_TIMEOUT: '500',
    },
    (line) => style.dim(`   app │ ${line}`),
  );
  const base = `http://127.0.0.1:${port}`;
  await waitUntilUp(`${base}/health`, app, 15_000);

  say(style.bold('\n3. Sending requests'));
  const requests: [string, Record<string, string>][] = [
    ['/', {}],
    ['/api/users', {}],
    ['/api/orders', {}],
    ['/api/users', { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' }],
    ['/error', {}],
    ['/health', {}],
  ];
  for (const [path, headers] of requests) {
    const response = await fetch(`${base}${path}`, { headers });
    say(
      `   GET ${path.padEnd(12)} → ${response.status}${headers['traceparent'] ? '  (continuing an incoming traceparent)' : ''}`,
    );
  }

  say(style.bold('\n4. Stopping the app: it flushes and shuts its client down'));
  await stopApp(app, 10_000);
  app = undefined;
  await new Promise((resolve) => setTimeout(resolve, 200));

  const { store } = collector;
  say(style.bold('\n5. What the collector received'));
  say(style.cyan(`\nTraces (${store.traces().length})`));
  for (const trace of store.traces().reverse()) say(formatTrace(trace, style).join('\n'));
  say(style.cyan(`\nMetrics (latest point of ${store.metrics.length} series)`));
  for (const point of store.metrics.filter((m) => m.service === 'demo-http-server'))
    say(formatMetric(point, style));
  say(style.cyan(`\nLogs (${store.logs.length})`));
  for (const log of store.logs) say(formatLog(log, style));

  const ok = store.spans.length > 0 && store.metrics.length > 0 && store.logs.length > 0;
  say(
    ok
      ? style.green('\n✓ spans, metrics and logs arrived over gRPC')
      : style.red('\n✗ something is missing: see above'),
  );
  if (serve && collector.webUrl !== undefined) {
    say(`\nWeb page: ${collector.webUrl} (Ctrl-C to stop)`);
  } else {
    say(
      style.dim(
        `\nThe collector's web page (${collector.webUrl ?? '-'}) shows traces as waterfalls while it runs:`,
      ),
    );
    say(
      style.dim(
        'run `pnpm demo --serve` to keep it open, or `pnpm dev-collector` to run the collector alone.',
      ),
    );
    await finish(ok ? 0 : 1);
  }
} catch (error) {
  process.stderr.write(
    `${style.red('demo failed:')} ${error instanceof Error ? error.message : String(error)}\n`,
  );
  await finish(1);
}
