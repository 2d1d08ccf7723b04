// Scenario 1 (primary table), one side per process: `node --expose-gc hot-path-paced-worker.js '<json>'`
// with { side: 'raw'|'tf', endpoint, rate, windowMs, ops? }, forked by hot-path.js. Each recording
// call runs at a steady paced rate (rate calls/s in 1 ms ticks) for windowMs, with real export to
// the loopback sink (sink-child.js) over OTLP/gRPC, gzip on both sides, default batch settings on
// both sides; the window ends when flush() resolves, so the export work of the window's items is
// in it. Reports process CPU (user + system) per call over the window.
// Around each window it asks the parent to note the sink's counts ({ type: 'before' | 'after' },
// answered with { type: 'ok' }), so the parent knows what was delivered.
import { rawOperations, tfOperations } from './operations.js';

const run = JSON.parse(process.argv[2]);

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
    readers: [new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter(exporterOptions) })],
  });
  const tracerProvider = new TracerProvider({
    resource,
    spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter(exporterOptions) })],
  });
  const loggerProvider = new LoggerProvider({
    resource,
    processors: [new BatchLogRecordProcessor({ exporter: new OTLPLogExporter(exporterOptions) })],
  });
  return {
    ops: {
      none: () => undefined,
      ...rawOperations(
        meterProvider.getMeter('bench'),
        tracerProvider.getTracer('bench'),
        loggerProvider.getLogger('bench'),
      ),
    },
    flush: () =>
      Promise.all([meterProvider.forceFlush(), tracerProvider.forceFlush(), loggerProvider.forceFlush()]),
    dropped: () => undefined,
    shutdown: () =>
      Promise.all([meterProvider.shutdown(), tracerProvider.shutdown(), loggerProvider.shutdown()]),
  };
};

/** TelemetryFlow: the client over @telemetryflow/infrastructure-grpc, default settings (gzip on) but the metric interval. */
const tfSide = async () => {
  const { Credentials, TelemetryConfig, TelemetryFlowClient } = await import('@telemetryflow/client');
  const { createTransport } = await import('@telemetryflow/infrastructure-grpc');
  const config = TelemetryConfig.create({
    credentials: Credentials.create('tfk_bench', 'tfs_bench'),
    endpoint: run.endpoint,
    serviceName: 'bench-tf',
    insecure: true,
    compression: true,
    // Raw OTel's PeriodicExportingMetricReader default (ours is 10 s): no periodic metric export
    // lands in one side's windows only; flush() exports the metrics of each window on both sides.
    metricExportIntervalMs: 60_000,
  });
  const client = new TelemetryFlowClient(config, {
    transport: createTransport,
    onDiagnostic: () => {},
  }).initialize();
  return {
    ops: {
      none: () => undefined,
      ...tfOperations(client),
    },
    flush: () => client.flush(30_000),
    dropped: () => {
      const { signals } = client.getStatus();
      return signals.traces.dropped + signals.logs.dropped + signals.metrics.dropped;
    },
    shutdown: () => client.shutdown(5_000),
  };
};

const side = run.side === 'tf' ? await tfSide() : await rawSide();
// Our client's timers are unref'd: keep the process up while flush() waits.
const keepAlive = setInterval(() => {}, 1_000);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const nextTick = () => new Promise((resolve) => setImmediate(resolve));
/** Sends a message to the parent and waits for its answer. */
const ask = (message) =>
  process.send === undefined
    ? Promise.resolve()
    : new Promise((resolve) => {
        process.once('message', resolve);
        process.send(message);
      });

const results = {};
for (const [name, op] of Object.entries(side.ops)) {
  if (run.ops !== undefined && !run.ops.includes(name)) continue;
  // Warm-up off the record: compiles the path, creates the instrument, opens the channel.
  for (let i = 0; i < 2_000; i++) {
    op(i);
    if (i % 200 === 199) await nextTick();
  }
  await side.flush();
  await sleep(20);
  globalThis.gc?.();
  const droppedBefore = side.dropped();
  await ask({ type: 'before', op: name });
  const total = Math.round((run.rate * run.windowMs) / 1000);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let calls = 0;
  while (calls < total) {
    const due = Math.min(total, Math.floor(((performance.now() - t0) * run.rate) / 1000));
    for (; calls < due; calls++) op(calls);
    await sleep(1);
  }
  const fedMs = performance.now() - t0;
  await side.flush();
  const doneMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const droppedAfter = side.dropped();
  results[name] = {
    calls,
    fedMs,
    doneMs,
    cpuNsPerCall: ((cpu.user + cpu.system) * 1000) / calls,
    dropped: droppedAfter === undefined ? undefined : droppedAfter - droppedBefore,
  };
  await ask({ type: 'after', op: name });
}
await side.shutdown();
clearInterval(keepAlive);
if (process.send === undefined) console.log(JSON.stringify(results, null, 1));
else {
  process.send({ type: 'report', side: run.side, results });
  process.disconnect();
}
setTimeout(() => process.exit(0), 100).unref();
