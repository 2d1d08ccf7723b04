import { TelemetryFlowBuilder } from '@telemetryflow/client';
import { startServer } from './app.js';

// TELEMETRYFLOW_API_KEY_ID, TELEMETRYFLOW_API_KEY_SECRET, TELEMETRYFLOW_SERVICE_NAME, … (see README.md)
const client = new TelemetryFlowBuilder().withAutoConfiguration().build().initialize();
const port = Number(process.env['PORT'] || 8080);
const hostname = process.env['HOST'] || '127.0.0.1';

console.log('TelemetryFlow SDK initialized!');
console.log(`Service: ${client.config.serviceName}`);
console.log(`Endpoint: ${client.config.endpoint}`);
client.logInfo('Hono server starting', { port });

const server = startServer(client, { port, hostname });
server.once('listening', () => {
  const { port: listening } = /** @type {import('node:net').AddressInfo} */ (server.address());
  console.log(`\nServer running on http://${hostname}:${listening}`);
  console.log('\nAvailable endpoints:');
  console.log('  GET /               - Welcome message');
  console.log('  GET /api/users      - List users (with DB span)');
  console.log('  GET /api/users/:id  - One user (404 when unknown)');
  console.log('  GET /health         - Health check (not traced)');
  console.log('  GET /status         - SDK status');
  console.log('  GET /error          - Simulate an error (500)');
  console.log('\nPress Ctrl+C to stop');
});

let stopping = false;

/** Stops accepting requests, lets those in flight finish, then flushes and shuts the client down. */
const stop = async () => {
  if (stopping) return;
  stopping = true;
  console.log('\nShutting down...');
  client.logInfo('Hono server stopping');
  await new Promise((resolve) => {
    server.close(resolve);
    server.closeIdleConnections();
  });
  await client.flush(5_000).catch(() => undefined);
  await client.shutdown(10_000);
  console.log('Server stopped.');
};

process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
