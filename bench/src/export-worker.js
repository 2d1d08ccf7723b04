// Scenario 2, one run per process: feeds spans or log records through one side's export path to
// the loopback receiver (another process) and reports wall time, CPU time and event-loop delay.
// Argument: a JSON object { side: 'raw'|'tf', signal: 'traces'|'logs', mode: 'burst'|'paced',
// endpoint, items, chunk, rate, rateLimit, compression: 'gzip'|'none', defaults }. With `defaults`,
// both sides keep their default batch and queue settings (and ours its default rate limit);
// otherwise both use settings.js's batch size, queue size and delay.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { SpanKind } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { BATCH_MAX_SIZE, EXPORT_DELAY_MS, EXPORT_QUEUE_SIZE } from './settings.js';

const run = JSON.parse(process.argv[2]);
const attrs = { 'http.route': '/api/orders', 'http.response.status_code': 200 };

/** Raw OpenTelemetry JS: provider + official batch processor + official OTLP/gRPC exporter. */
const rawSide = async () => {
  // As NodeSDK (and our client) do: an AsyncLocalStorage context manager, whose async hooks cost
  // CPU on every promise and timer of the process.
  const { context } = await import('@opentelemetry/api');
  const { AsyncLocalStorageContextManager } = await import('@opentelemetry/context-async-hooks');
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const { resourceFromAttributes } = await import('@opentelemetry/resources');
  const resource = resourceFromAttributes({ 'service.name': 'bench-raw' });
  const url = `http://${run.endpoint}`; // http:// = plaintext for the gRPC exporters
  const batch = run.defaults
    ? {}
    : {
        maxExportBatchSize: BATCH_MAX_SIZE,
        maxQueueSize: EXPORT_QUEUE_SIZE,
        scheduledDelayMillis: EXPORT_DELAY_MS,
      };
  const compression = run.compression === 'gzip' ? 'gzip' : 'none';
  if (run.signal === 'traces') {
    const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-grpc');
    const { BatchSpanProcessor, TracerProvider } = await import('@opentelemetry/sdk-trace');
    const exporter = new OTLPTraceExporter({ url, compression });
    const processor = new BatchSpanProcessor({ exporter, ...batch });
    const provider = new TracerProvider({ resource, spanProcessors: [processor] });
    const tracer = provider.getTracer('bench');
    return {
      record: () => tracer.startSpan('GET /api/orders', { kind: SpanKind.SERVER, attributes: attrs }).end(),
      flush: () => provider.forceFlush(),
      shutdown: () => provider.shutdown(),
      status: () => ({}),
    };
  }
  const { OTLPLogExporter } = await import('@opentelemetry/exporter-logs-otlp-grpc');
  const { BatchLogRecordProcessor, LoggerProvider } = await import('@opentelemetry/sdk-logs');
  const exporter = new OTLPLogExporter({ url, compression });
  const provider = new LoggerProvider({
    resource,
    processors: [new BatchLogRecordProcessor({ exporter, ...batch })],
  });
  const logger = provider.getLogger('bench');
  return {
    record: () =>
      logger.emit({
        severityNumber: SeverityNumber.INFO,
        severityText: 'INFO',
        body: 'order placed',
        attributes: attrs,
      }),
    flush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
    status: () => ({}),
  };
};

/** TelemetryFlow: the client over the gRPC transport of @telemetryflow/infrastructure-grpc. */
const tfSide = async () => {
  const {
    Credentials,
    SpanKind: TfSpanKind,
    TelemetryConfig,
    TelemetryFlowClient,
  } = await import('@telemetryflow/client');
  const { createTransport } = await import('@telemetryflow/infrastructure-grpc');
  const diagnostics = new Set();
  const config = TelemetryConfig.create({
    credentials: Credentials.create('tfk_bench', 'tfs_bench'),
    endpoint: run.endpoint,
    serviceName: 'bench-tf',
    insecure: true,
    compression: run.compression === 'gzip',
    ...(run.defaults ? {} : { batchMaxSize: BATCH_MAX_SIZE, batchTimeoutMs: EXPORT_DELAY_MS }),
    enableMetrics: false,
    ...(run.rateLimit === undefined ? {} : { rateLimit: run.rateLimit }),
  });
  const client = new TelemetryFlowClient(config, {
    transport: createTransport,
    onDiagnostic: (d) => diagnostics.add(d.code),
  }).initialize();
  return {
    record:
      run.signal === 'traces'
        ? () => client.endSpan(client.startSpan('GET /api/orders', TfSpanKind.SERVER, attrs))
        : () => client.logInfo('order placed', attrs),
    flush: () => client.flush(30_000),
    shutdown: () => client.shutdown(5_000),
    status: () => ({ ...client.getStatus().signals[run.signal], diagnostics: [...diagnostics] }),
  };
};

const side = run.side === 'tf' ? await tfSide() : await rawSide();
// An application keeps its event loop alive; this worker would not while our client waits for a
// rate-limit token or a retry (its timers are unref'd, so `await client.flush()` would never
// settle and the process would exit with code 13).
const keepAlive = setInterval(() => {}, 1_000);
const nextTick = () => new Promise((resolve) => setImmediate(resolve));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Warm-up off the record: the first calls compile the code and open the channel.
for (let i = 0; i < 1_000; i++) side.record();
await side.flush();
await sleep(50);
// The parent notes the receiver's counts now, then says go.
await new Promise((resolve) => {
  process.once('message', resolve);
  process.send({ type: 'warm' });
});

globalThis.gc?.();
const rssBefore = process.memoryUsage.rss();
let rssPeak = rssBefore;
const sampleRss = () => {
  const rss = process.memoryUsage.rss();
  if (rss > rssPeak) rssPeak = rss;
};
// Peak RSS: sampled every 5 ms and after every chunk / tick, until flush resolved.
const rssTimer = setInterval(sampleRss, 5);
const delay = monitorEventLoopDelay({ resolution: 1 });
const cpu0 = process.cpuUsage();
const t0 = performance.now();
delay.enable();
let fed = 0;
if (run.mode === 'burst') {
  // As fast as an app that yields to the event loop between chunks.
  while (fed < run.items) {
    const end = Math.min(run.items, fed + run.chunk);
    for (; fed < end; fed++) side.record();
    sampleRss();
    await nextTick();
  }
} else {
  // A steady `rate` items/s, in 1 ms ticks, for `items` items.
  while (fed < run.items) {
    const due = Math.min(run.items, Math.floor(((performance.now() - t0) * run.rate) / 1000));
    for (; fed < due; fed++) side.record();
    await sleep(1);
  }
}
const fedMs = performance.now() - t0;
await side.flush();
const doneMs = performance.now() - t0;
delay.disable();
const cpu = process.cpuUsage(cpu0);
clearInterval(rssTimer);
sampleRss();
const status = side.status();
await side.shutdown();
process.send({
  type: 'report',
  fed,
  fedMs,
  doneMs,
  cpuMs: (cpu.user + cpu.system) / 1000,
  delayP50Ms: delay.percentile(50) / 1e6,
  delayP99Ms: delay.percentile(99) / 1e6,
  delayMaxMs: delay.max / 1e6,
  rssGrowthMB: (rssPeak - rssBefore) / 1e6,
  status,
});
// The raw providers' shutdown does not close every handle at once; the report is out, so stop.
clearInterval(keepAlive);
process.disconnect();
setTimeout(() => process.exit(0), 100).unref();
