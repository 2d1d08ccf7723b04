// Scenario 4, one side per process (run with --expose-gc): `node dead-collector-worker.js tf|raw
// <items> <sampleEvery>`. Records spans with the endpoint pointing at a closed port, in chunks with
// a setImmediate between them, and samples RSS and heap (after a full GC) as it goes.
import { createServer } from 'node:net';
import { SpanKind } from '@opentelemetry/api';
import { BATCH_MAX_SIZE, EXPORT_DELAY_MS, EXPORT_QUEUE_SIZE } from './settings.js';

const [sideName, itemsArg, everyArg] = process.argv.slice(2);
const items = Number(itemsArg);
const every = Number(everyArg);
const CHUNK = 1_000;
const attrs = { 'http.route': '/api/orders', 'http.response.status_code': 200 };

/** A port nothing listens on: bound, then closed. */
const closedPort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
const endpoint = `127.0.0.1:${await closedPort()}`;

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
    endpoint,
    serviceName: 'bench-dead-collector',
    insecure: true,
    compression: false,
    batchMaxSize: BATCH_MAX_SIZE,
    batchTimeoutMs: EXPORT_DELAY_MS,
  });
  const client = new TelemetryFlowClient(config, {
    transport: createTransport,
    onDiagnostic: (d) => diagnostics.add(d.code),
  }).initialize();
  return {
    record: () => client.endSpan(client.startSpan('GET /api/orders', TfSpanKind.SERVER, attrs)),
    status: () => ({ ...client.getStatus().signals.traces, diagnostics: [...diagnostics] }),
    shutdown: () => client.shutdown(2_000),
  };
};

const rawSide = async () => {
  // As NodeSDK (and our client) do: an AsyncLocalStorage context manager.
  const { context } = await import('@opentelemetry/api');
  const { AsyncLocalStorageContextManager } = await import('@opentelemetry/context-async-hooks');
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-grpc');
  const { BatchSpanProcessor, TracerProvider } = await import('@opentelemetry/sdk-trace');
  const processor = new BatchSpanProcessor({
    exporter: new OTLPTraceExporter({ url: `http://${endpoint}`, compression: 'none' }),
    maxExportBatchSize: BATCH_MAX_SIZE,
    maxQueueSize: EXPORT_QUEUE_SIZE,
    scheduledDelayMillis: EXPORT_DELAY_MS,
  });
  const provider = new TracerProvider({ spanProcessors: [processor] });
  const tracer = provider.getTracer('bench');
  return {
    record: () => tracer.startSpan('GET /api/orders', { kind: SpanKind.SERVER, attributes: attrs }).end(),
    status: () => ({}),
    shutdown: () => provider.shutdown(),
  };
};

const side = sideName === 'tf' ? await tfSide() : await rawSide();
const nextTick = () => new Promise((resolve) => setImmediate(resolve));
const sample = (recorded) => {
  globalThis.gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  return { recorded, rssMB: rss / 1e6, heapMB: heapUsed / 1e6 };
};

const samples = [sample(0)];
const t0 = performance.now();
for (let recorded = 0; recorded < items;) {
  for (let i = 0; i < CHUNK; i++) side.record();
  recorded += CHUNK;
  if (recorded % every === 0) samples.push(sample(recorded));
  await nextTick();
}
const elapsedMs = performance.now() - t0;
const status = side.status();
const s0 = performance.now();
// Bounded for ours (2 s); raw OTel's shutdown takes no deadline: do not wait past 3 s.
const shutdown = await Promise.race([
  side.shutdown().then(
    () => 'resolved',
    (error) => `rejected (${String(error?.message ?? error).split(':')[0]})`,
  ),
  new Promise((resolve) => setTimeout(() => resolve('still pending at 3 s'), 3_000)),
]);
const shutdownMs = performance.now() - s0;
process.send({ endpoint, samples, elapsedMs, status, shutdown, shutdownMs });
process.disconnect();
setTimeout(() => process.exit(0), 100).unref();
