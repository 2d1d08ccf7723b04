// Scenario 1, one side per process: `node hot-path-worker.js raw|tf [timeMs] [operation]`, forked by
// hot-path.js (alone, it prints its report as JSON). Each side runs in a fresh process so that
// neither JIT feedback nor garbage of the other side is measured. Exporting is off the measured
// calls: the queues are drained between samples (one setImmediate, outside the timed window), so
// neither side runs into its queue limit and drops.
import { ATTRS, rawOperations, tfOperations } from './operations.js';
import { Bench } from 'tinybench';
import { hotPathClient } from './hot-path-client.js';
import { BATCH_MAX_SIZE, HOT_PATH_DELAY_MS, OPS_PER_SAMPLE } from './settings.js';

/** A no-op exporter: the raw side's processors hand batches to it and it discards them. */
const noopExporter = {
  export: (_items, done) => done({ code: 0 }),
  shutdown: () => Promise.resolve(),
  forceFlush: () => Promise.resolve(),
};

/** Raw OpenTelemetry JS: the same providers the client builds, with the official batch processors. */
const rawSide = async () => {
  const { context } = await import('@opentelemetry/api');
  const { AsyncLocalStorageContextManager } = await import('@opentelemetry/context-async-hooks');
  const { BatchLogRecordProcessor, LoggerProvider } = await import('@opentelemetry/sdk-logs');
  const { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } =
    await import('@opentelemetry/sdk-metrics');
  const { BatchSpanProcessor, TracerProvider } = await import('@opentelemetry/sdk-trace');
  const { resourceFromAttributes } = await import('@opentelemetry/resources');
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const resource = resourceFromAttributes({ 'service.name': 'bench-raw' });
  const meterProvider = new MeterProvider({
    resource,
    readers: [
      new PeriodicExportingMetricReader({
        exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE),
        exportIntervalMillis: HOT_PATH_DELAY_MS,
      }),
    ],
  });
  const batch = { maxExportBatchSize: BATCH_MAX_SIZE, scheduledDelayMillis: HOT_PATH_DELAY_MS };
  const tracerProvider = new TracerProvider({
    resource,
    spanProcessors: [new BatchSpanProcessor({ exporter: noopExporter, ...batch })],
  });
  const loggerProvider = new LoggerProvider({
    resource,
    processors: [new BatchLogRecordProcessor({ exporter: noopExporter, ...batch })],
  });
  return {
    ops: {
      ...rawOperations(
        meterProvider.getMeter('bench'),
        tracerProvider.getTracer('bench'),
        loggerProvider.getLogger('bench'),
      ),
    },
    shutdown: () =>
      Promise.all([meterProvider.shutdown(), tracerProvider.shutdown(), loggerProvider.shutdown()]),
  };
};

/** TelemetryFlow: the client, with a transport that answers success at once (no network). */
const tfSide = async (options) => {
  const client = await hotPathClient('bench-tf', options);
  // A span left open, active around the "in a span" calls: a request's context, where exemplars are kept.
  const request = client.startSpan('request');
  return {
    ops: {
      histogramInSpan: (i) =>
        client.withActiveSpan(request, () => client.recordHistogram('latency', i % 250, 'ms', ATTRS)),
      ...tfOperations(client),
    },
    client,
    shutdown: () => {
      client.endSpan(request);
      return client.shutdown(1_000);
    },
  };
};

const [sideName = 'raw', timeArg = '300', onlyArg] = process.argv.slice(2);
// `tf-no-exemplars`: the client with `enableExemplars: false`.
const side = sideName.startsWith('tf')
  ? await tfSide({ enableExemplars: sideName !== 'tf-no-exemplars' })
  : await rawSide();
const only = onlyArg?.split(',');
const yieldToLoop = () => new Promise((resolve) => setImmediate(resolve));
const bench = new Bench({ time: Number(timeArg), warmupTime: 150, throws: true });
for (const [name, op] of Object.entries(side.ops)) {
  if (only === undefined ? name === 'histogramInSpan' : !only.includes(name)) continue;
  const sample = () => {
    for (let i = 0; i < OPS_PER_SAMPLE; i++) op(i);
  };
  bench.add(name, sample, { afterEach: yieldToLoop });
}
await bench.run();
const results = {};
for (const task of bench.tasks) {
  const { latency } = task.result;
  results[task.name] = {
    p50: (latency.p50 * 1e6) / OPS_PER_SAMPLE,
    mean: (latency.mean * 1e6) / OPS_PER_SAMPLE,
    samples: latency.samplesCount,
  };
}
const status = side.client?.getStatus();
const dropped = status ? status.signals.traces.dropped + status.signals.logs.dropped : undefined;
await side.shutdown();
const report = { side: sideName, results, dropped };
if (process.send) process.send(report);
else console.log(JSON.stringify(report, null, 2));
