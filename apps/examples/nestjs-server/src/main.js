import { TelemetryFlowBuilder } from '@telemetryflow/client';
import { createApp } from './app.js';

// TELEMETRYFLOW_API_KEY_ID, TELEMETRYFLOW_API_KEY_SECRET, TELEMETRYFLOW_SERVICE_NAME, … (see README.md)
const client = new TelemetryFlowBuilder().withAutoConfiguration().build().initialize();
const port = Number(process.env['PORT'] || 8080);
const host = process.env['HOST'] || '127.0.0.1';

console.log('TelemetryFlow SDK initialized!');
console.log(`Service: ${client.config.serviceName}`);
console.log(`Endpoint: ${client.config.endpoint}`);
client.logInfo('NestJS server starting', { port });

const app = await createApp(client);
// On SIGINT / SIGTERM Nest closes the server, lets requests in flight finish, then
// TelemetryFlowModule shuts the client down, which exports what is still pending.
app.enableShutdownHooks();
await app.listen(port, host);

console.log(`\nServer running on ${await app.getUrl()}`);
console.log('\nAvailable endpoints:');
console.log('  GET /                         - Welcome message');
console.log('  GET /api/users                - List users (with DB span)');
console.log('  GET /api/users/:id            - One user (404 when unknown)');
console.log('  GET /api/orgs/:org/orders/:id - One order (a RouterModule path)');
console.log('  GET /health                   - Health check (not traced)');
console.log('  GET /status                   - SDK status');
console.log('  GET /error                    - Simulate an error (500)');
console.log('\nPress Ctrl+C to stop');
