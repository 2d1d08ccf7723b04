// Scenario 1: the cost of one recording call, TelemetryFlow vs the same work on raw OpenTelemetry JS.
// Exporting is off the measured path: the transport answers success at once and the raw OTel
// processors export to a no-op exporter.
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { Credentials, TelemetryConfig, TelemetryFlowClient } from '@telemetryflow/client';
import { Bench } from 'tinybench';
import { fmt, markdownTable } from './table.js';

const OPS_PER_SAMPLE = 1_000;
const noopExporter = { export: (_items, done) => done({ code: 0 }), shutdown: async () => {}, forceFlush: async () => {} };

const rawOtel = () => {
  const manager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(manager); // no-op if the client registered one first
  const resource = resourceFromAttributes({ 'service.name': 'bench-raw' });
  const meterProvider = new MeterProvider({
    resource,
    readers: [
      new PeriodicExportingMetricReader({
        exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE),
        exportIntervalMillis: 600_000,
      }),
    ],
  });
  const tracerProvider = new TracerProvider({ resource, spanProcessors: [new BatchSpanProcessor({ exporter: noopExporter })] });
  const loggerProvider = new LoggerProvider({ resource, processors: [new BatchLogRecordProcessor({ exporter: noopExporter })] });
  const meter = meterProvider.getMeter('bench');
  return {
    counter: meter.createCounter('requests'),
    histogram: meter.createHistogram('latency', { unit: 'ms' }),
    gauge: meter.createGauge('queue'),
    tracer: tracerProvider.getTracer('bench'),
    logger: loggerProvider.getLogger('bench'),
    shutdown: () => Promise.all([meterProvider.shutdown(), tracerProvider.shutdown(), loggerProvider.shutdown()]),
  };
};

const telemetryFlow = () => {
  const config = TelemetryConfig.create({
    credentials: Credentials.create('tfk_bench', 'tfs_bench'),
    endpoint: '127.0.0.1:4317',
    serviceName: 'bench-tf',
    batchTimeoutMs: 600_000,
  });
  const transport = { send: async () => ({ status: 'success' }), shutdown: async () => {} };
  return new TelemetryFlowClient(config, { transport, onDiagnostic: () => {} }).initialize();
};

/** @returns {Promise<{ title: string, config: string, table: string, ratios: number[] }>} */
export async function runHotPath({ time = 400 } = {}) {
  const raw = rawOtel();
  const client = telemetryFlow();
  const attrs = { 'http.route': '/api/orders', 'http.response.status_code': 200 };
  const loop = (fn) => () => {
    for (let i = 0; i < OPS_PER_SAMPLE; i++) fn(i);
  };
  const pairs = [
    ['incrementCounter (2 attributes)', () => raw.counter.add(1, attrs), () => client.incrementCounter('requests', 1, attrs)],
    ['recordHistogram (2 attributes)', (i) => raw.histogram.record(i % 250, attrs), (i) => client.recordHistogram('latency', i % 250, 'ms', attrs)],
    ['recordGauge (2 attributes)', (i) => raw.gauge.record(i, attrs), (i) => client.recordGauge('queue', i, attrs)],
    ['startSpan + endSpan', () => raw.tracer.startSpan('op').end(), () => client.endSpan(client.startSpan('op'))],
    [
      'span() with a sync callback',
      () => raw.tracer.startActiveSpan('op', (span) => span.end()),
      () => client.span('op', () => undefined),
    ],
    [
      'logInfo (2 attributes)',
      () => raw.logger.emit({ severityNumber: SeverityNumber.INFO, severityText: 'INFO', body: 'hello', attributes: attrs }),
      () => client.logInfo('hello', attrs),
    ],
  ];
  const bench = new Bench({ time, warmupTime: 100 });
  for (const [name, rawFn, tfFn] of pairs) {
    bench.add(`raw OTel: ${name}`, loop(rawFn));
    bench.add(`TelemetryFlow: ${name}`, loop(tfFn));
  }
  await bench.run();
  const nsPerOp = (name) => {
    const task = bench.getTask(name);
    return (task.result.latency.p50 * 1e6) / OPS_PER_SAMPLE;
  };
  const rows = [];
  const ratios = [];
  for (const [name] of pairs) {
    const r = nsPerOp(`raw OTel: ${name}`);
    const t = nsPerOp(`TelemetryFlow: ${name}`);
    ratios.push(t / r);
    rows.push([name, fmt(1e9 / r), fmt(r), fmt(1e9 / t), fmt(t), `${fmt(t / r, 2)}×`]);
  }
  await client.shutdown(1_000);
  await raw.shutdown();
  void trace;
  return {
    title: '1. Hot path (per call, exporting off-path)',
    config: `median of ${OPS_PER_SAMPLE}-call samples over ${time} ms per task; same providers (MeterProvider + periodic reader, TracerProvider, LoggerProvider), no network`,
    table: markdownTable(['operation', 'raw OTel ops/s', 'raw OTel ns/op', 'TelemetryFlow ops/s', 'TelemetryFlow ns/op', 'TF / raw'], rows),
    ratios,
  };
}
