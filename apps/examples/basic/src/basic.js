import { SpanKind } from '@telemetryflow/client';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Records one of everything, the way the Python SDK's examples/basic does — but here the logs are
 * real log records, the gauge is a gauge, and the nested spans share one trace.
 * @param {import('@telemetryflow/client').TelemetryFlowClient} client an initialized client
 */
export async function runBasic(client) {
  client.incrementCounter('app.requests.total', 1, { endpoint: '/api/users', method: 'GET' });
  client.recordGauge('app.active_connections', 42, { pool: 'main' });
  client.recordHistogram('app.request.duration', 0.125, 's', { endpoint: '/api/users' });

  client.logInfo('Application started', { version: '1.0.0' });
  client.logWarn('Cache miss rate above threshold', { rate: 0.35 });
  client.logError('Payment provider timed out', { provider: 'stripe' });
  client.logDebug('Feature flags loaded', { count: 12 });

  const spanId = client.startSpan('manual_operation', SpanKind.INTERNAL, { 'operation.type': 'batch' });
  client.addSpanEvent(spanId, 'processing_started', { items: 3 });
  await sleep(5);
  client.addSpanEvent(spanId, 'processing_completed', { processed: 3 });
  client.endSpan(spanId);

  await client.span('process_request', SpanKind.SERVER, { 'http.route': '/api/orders' }, async () => {
    client.logInfo('Processing request'); // correlated with process_request
    await client.span('database_query', SpanKind.CLIENT, { 'db.system': 'postgresql' }, () => sleep(10));
    await client.span('cache_lookup', SpanKind.CLIENT, { 'db.system': 'redis' }, () => sleep(2));
  });
}
