// Scenario 4, where a cold start's ms go: `node cold-start-imports-child.js`. In a fresh process,
// loads what `@telemetryflow/client` loads one package at a time, in dependency order (each step
// pays only for what the steps before did not load), then the gRPC transport, then builds and
// starts the client; reports each step's ms to the parent (or prints them).
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const steps = [];
let last = performance.now();
const step = (name) => {
  const now = performance.now();
  steps.push([name, now - last]);
  last = now;
};

// Resolved as the client resolves them (OpenTelemetry JS 2.x loads as CommonJS in Node either way).
const clientEntry = import.meta.resolve('@telemetryflow/client');
const fromClient = createRequire(clientEntry);
const resolveFrom = (require, name) => require.resolve(name);
const load = (path) => import(pathToFileURL(path).href);
const core = resolveFrom(fromClient, '@opentelemetry/core');
const transformer = resolveFrom(fromClient, '@opentelemetry/otlp-transformer');
step('(resolving)');

await load(resolveFrom(fromClient, '@opentelemetry/api'));
step('@opentelemetry/api');
await load(resolveFrom(createRequire(core), '@opentelemetry/semantic-conventions'));
step('@opentelemetry/semantic-conventions');
await load(core);
step('@opentelemetry/core');
await load(resolveFrom(fromClient, '@opentelemetry/resources'));
await load(resolveFrom(fromClient, '@opentelemetry/resource-detector-container'));
step('@opentelemetry/resources + resource-detector-container');
await load(resolveFrom(fromClient, '@opentelemetry/sdk-trace'));
step('@opentelemetry/sdk-trace');
await load(resolveFrom(fromClient, '@opentelemetry/api-logs'));
await load(resolveFrom(fromClient, '@opentelemetry/sdk-logs'));
step('@opentelemetry/api-logs + sdk-logs');
await load(resolveFrom(fromClient, '@opentelemetry/sdk-metrics'));
step('@opentelemetry/sdk-metrics');
await load(resolveFrom(createRequire(transformer), 'protobufjs'));
step('protobufjs');
await load(transformer);
step('@opentelemetry/otlp-transformer');
await load(resolveFrom(fromClient, '@opentelemetry/context-async-hooks'));
step('@opentelemetry/context-async-hooks');
const { Credentials, TelemetryConfig, TelemetryFlowClient } = await import('@telemetryflow/client');
step('@telemetryflow/client, domain, application (own code)');
const { createTransport } = await import('@telemetryflow/infrastructure-grpc');
step('@telemetryflow/infrastructure-grpc (grpc-js loads at the first export)');
const config = TelemetryConfig.create({
  credentials: Credentials.create('tfk_bench', 'tfs_bench'),
  endpoint: '127.0.0.1:4317',
  serviceName: 'bench-cold-start',
  insecure: true,
});
globalThis.client = new TelemetryFlowClient(config, { transport: createTransport }).initialize();
step('config + initialize()');

if (process.send) {
  process.send({ steps });
  process.disconnect();
} else {
  for (const [name, ms] of steps) console.log(`${ms.toFixed(1).padStart(7)} ms  ${name}`);
}
process.exit(0);
