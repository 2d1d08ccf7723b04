// Scenario 1 (primary table), one side per process: `node --expose-gc hot-path-paced-worker.js '<json>'`
// with { side: 'raw'|'tf', enableExemplars?, endpoint }, forked by hot-path.js (our side with
// `enableExemplars: false` makes the metric calls of the "exemplars off" rows, on a client with
// exemplars off, alone in its process). It sets its side up, says { type: 'ready' }, then runs one paced window per { type: 'window', op, rate, windowMs } and
// answers { type: 'window', result }: the recording call `op` at a steady paced rate (rate calls/s
// in 1 ms ticks) for windowMs, with real export to the loopback sink (sink-child.js) over
// OTLP/gRPC, gzip on both sides, default batch settings on both sides; the window ends when
// flush() resolves, so the export work of the window's items is in it. result: process CPU
// (user + system) per call over the window, and what our side counted dropped. It shuts down when
// the parent disconnects. Run alone (no parent), with { ..., ops?, rate, windowMs }, it runs a
// warm-up window and one window of each of `ops` (default all), and prints the results as JSON.
import { METRIC_OPERATIONS, noExemplarsKey, rawOperations, tfOperations } from './operations.js';
import { PACED_METRIC_INTERVAL_MS } from './settings.js';

const run = JSON.parse(process.argv[2]);

/** The metric calls of `ops` under the "exemplars off" rows' keys (see hot-path.js). */
const noExemplarOps = (ops) =>
  Object.fromEntries(METRIC_OPERATIONS.map((op) => [noExemplarsKey(op), ops[op]]));

/** Raw OpenTelemetry JS with the official OTLP/gRPC exporters (gzip) and their default batching. */
const rawSide = async () => {
  const { context } = await import('@opentelemetry/api');
  const { AsyncLocalStorageContextManager } = await import('@opentelemetry/context-async-hooks');
  const { BatchLogRecordProcessor, LoggerProvider } = await import('@opentelemetry/sdk-logs');
  const { MeterProvider, PeriodicExportingMetricReader } = await import('@opentelemetry/sdk-metrics');
  const { BatchSpanProcessor, TracerProvider } = await import('@opentelemetry/sdk-trace');
  const { resourceFromAttributes } = await import('@opentelemetry/resources');
  const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-grpc');
  const { OTLPLogExporter } = await import('@opentelemetry/exporter-logs-otlp-grpc');
  const { OTLPMetricExporter } = await import('@opentelemetry/exporter-metrics-otlp-grpc');
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const resource = resourceFromAttributes({ 'service.name': 'bench-raw' });
  const exporterOptions = { url: `http://${run.endpoint}`, compression: 'gzip' };
  const meterProvider = new MeterProvider({
    resource,
    readers: [
      new PeriodicExportingMetricReader({
        exporter: new OTLPMetricExporter(exporterOptions),
        exportIntervalMillis: PACED_METRIC_INTERVAL_MS,
      }),
    ],
  });
  const tracerProvider = new TracerProvider({
    resource,
    spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter(exporterOptions) })],
  });
  const loggerProvider = new LoggerProvider({
    resource,
    processors: [new BatchLogRecordProcessor({ exporter: new OTLPLogExporter(exporterOptions) })],
  });
  const ops = rawOperations(
    meterProvider.getMeter('bench'),
    tracerProvider.getTracer('bench'),
    loggerProvider.getLogger('bench'),
  );
  return {
    // OpenTelemetry JS samples no exemplars: the "exemplars off" rows are its same calls.
    ops: { none: () => undefined, ...ops, ...noExemplarOps(ops) },
    flush: () =>
      Promise.all([meterProvider.forceFlush(), tracerProvider.forceFlush(), loggerProvider.forceFlush()]),
    dropped: () => undefined,
    shutdown: () =>
      Promise.all([meterProvider.shutdown(), tracerProvider.shutdown(), loggerProvider.shutdown()]),
  };
};

/**
 * TelemetryFlow: the client over @telemetryflow/infrastructure-grpc, default settings (gzip on) but
 * the metric interval; one client per process, so that what is measured is the code one client runs.
 */
const tfSide = async (enableExemplars) => {
  const { Credentials, TelemetryConfig, TelemetryFlowClient } = await import('@telemetryflow/client');
  const { createTransport } = await import('@telemetryflow/infrastructure-grpc');
  const configOptions = {
    credentials: Credentials.create('tfk_bench', 'tfs_bench'),
    endpoint: run.endpoint,
    serviceName: 'bench-tf',
    insecure: true,
    compression: true,
    // The same interval on both sides, longer than the run: no periodic metric export lands in a
    // window; flush() exports the metrics of each window on both sides.
    metricExportIntervalMs: PACED_METRIC_INTERVAL_MS,
    ...(enableExemplars ? {} : { serviceName: 'bench-tf-no-exemplars', enableExemplars: false }),
  };
  const client = new TelemetryFlowClient(TelemetryConfig.create(configOptions), {
    transport: createTransport,
    onDiagnostic: () => {},
  }).initialize();
  const ops = tfOperations(client);
  return {
    // With exemplars off, the metric calls under the "exemplars off" rows' keys (and only those).
    ops: { none: () => undefined, ...(enableExemplars ? ops : noExemplarOps(ops)) },
    flush: () => client.flush(30_000),
    dropped: () => {
      const { signals } = client.getStatus();
      return signals.traces.dropped + signals.logs.dropped + signals.metrics.dropped;
    },
    shutdown: () => client.shutdown(5_000),
  };
};

const side = run.side === 'tf' ? await tfSide(run.enableExemplars !== false) : await rawSide();
// Our client's timers are unref'd: keep the process up while flush() waits.
const keepAlive = setInterval(() => {}, 1_000);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** One paced window of `op`: CPU per call from the first call until flush() resolved. */
const runWindow = async ({ op: name, rate, windowMs }) => {
  const op = side.ops[name];
  await side.flush();
  await sleep(20);
  globalThis.gc?.();
  const droppedBefore = side.dropped();
  const total = Math.round((rate * windowMs) / 1000);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let calls = 0;
  while (calls < total) {
    const due = Math.min(total, Math.floor(((performance.now() - t0) * rate) / 1000));
    for (; calls < due; calls++) op(calls);
    await sleep(1);
  }
  const fedMs = performance.now() - t0;
  await side.flush();
  const doneMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const droppedAfter = side.dropped();
  return {
    calls,
    fedMs,
    doneMs,
    cpuNsPerCall: ((cpu.user + cpu.system) * 1000) / calls,
    dropped: droppedAfter === undefined ? undefined : droppedAfter - droppedBefore,
  };
};

if (process.send === undefined) {
  const results = {};
  for (const name of run.ops ?? Object.keys(side.ops)) {
    await runWindow({ op: name, rate: run.rate, windowMs: run.windowMs }); // warm-up, not reported
    results[name] = await runWindow({ op: name, rate: run.rate, windowMs: run.windowMs });
  }
  await side.shutdown();
  clearInterval(keepAlive);
  console.log(JSON.stringify(results, null, 1));
  setTimeout(() => process.exit(0), 100).unref();
} else {
  process.on('message', (message) => {
    if (message.type === 'window') {
      void runWindow(message).then((result) => process.send({ type: 'window', result }));
    }
  });
  // The parent is done with this side.
  process.once('disconnect', () => {
    clearInterval(keepAlive);
    void side.shutdown().finally(() => process.exit(0));
  });
  process.send({ type: 'ready' });
}
