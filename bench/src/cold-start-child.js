// Scenario 3, one start per process: `node cold-start-child.js tf|raw <endpoint>`. Imports the
// SDK, builds and starts it (no telemetry recorded), reports to the parent and exits.
const loadStartedAt = performance.now();
const [side, endpoint] = process.argv.slice(2);

if (side === 'tf') {
  const { Credentials, TelemetryConfig, TelemetryFlowClient } = await import('@telemetryflow/client');
  const { createTransport } = await import('@telemetryflow/infrastructure-grpc');
  const config = TelemetryConfig.create({
    credentials: Credentials.create('tfk_bench', 'tfs_bench'),
    endpoint,
    serviceName: 'bench-cold-start',
    insecure: true,
  });
  globalThis.sdk = new TelemetryFlowClient(config, { transport: createTransport }).initialize();
} else {
  const { NodeSDK } = await import('@opentelemetry/sdk-node');
  const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-grpc');
  const sdk = new NodeSDK({
    serviceName: 'bench-cold-start',
    traceExporter: new OTLPTraceExporter({ url: `http://${endpoint}` }),
  });
  sdk.start();
  globalThis.sdk = sdk;
}

const readyAt = performance.now();
process.send({
  sinceProcessStartMs: readyAt,
  importAndStartMs: readyAt - loadStartedAt,
  rssBytes: process.memoryUsage().rss,
});
process.disconnect();
process.exit(0);
