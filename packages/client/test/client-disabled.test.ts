import './support/without-transports.js';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { propagation } from '@opentelemetry/api';
import { describe, expect, it, vi } from 'vitest';
import { BuilderError, SeverityLevel, SpanKind, TelemetryFlowClient } from '../src/index.js';
import type { Diagnostic, ExportTransport, ExportTransportFactory } from '../src/index.js';
import { testConfig } from './helpers.js';

/** A loopback OTLP/HTTP stand-in that counts the TCP connections made to it. */
const startCollector = async (): Promise<{
  url: string;
  connections: () => number;
  close: () => Promise<void>;
}> => {
  let connections = 0;
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end());
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections: () => connections,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};

/** A real transport: each export is an HTTP request to `url`. */
const fetchTransport = (url: string): ExportTransport => ({
  send: async (signal, body) => {
    const response = await fetch(`${url}/v1/${signal}`, { method: 'POST', body });
    await response.arrayBuffer();
    return { status: 'success' };
  },
  shutdown: async () => undefined,
});

/** Calls every recording, span and context method; returns what the callbacks gave back. */
const useEverything = async (client: TelemetryFlowClient): Promise<unknown[]> => {
  client.incrementCounter('orders.created', 1, { region: 'eu' });
  client.recordGauge('queue.depth', 3);
  client.recordHistogram('latency', 0.2, 's');
  client.recordMetric('temperature', 21.5, 'Cel');
  client.log('hello', SeverityLevel.WARN, { a: 1 });
  client.logTrace('message');
  client.logDebug('message');
  client.logInfo('message');
  client.logWarn('message');
  client.logError('message');
  client.logFatal('message');
  client.emitLog({ body: 'from pino', severityNumber: 17, context: client.captureLogContext() });
  const spanId = client.startSpan('manual', SpanKind.INTERNAL, { a: 1 });
  client.addSpanEvent(spanId, 'event');
  client.setSpanAttributes(spanId, { b: 2 });
  client.updateSpanName(spanId, 'renamed');
  client.setSpanStatus(spanId, 'error', 'bad');
  client.endSpan(spanId, new Error('x'));
  const headers: Record<string, string> = {};
  const results: unknown[] = [
    spanId,
    client.span('sync', () => 'sync value'),
    client.span('kind', SpanKind.SERVER, (id) => `id=${id}`),
    await client.span('async', SpanKind.CLIENT, { c: 3 }, async () => 'async value'),
    client.withActiveSpan('0000000000000001', () => 'active'),
    client.withTraceContext(
      { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', baggage: 'a=1' },
      () => client.getBaggage(),
    ),
    client.withBaggage({ tenant: 'acme', 'bad key': 'x' }, () => {
      client.injectTraceContext(headers);
      return client.getBaggageEntry('tenant');
    }),
    headers,
    client.isTracingSuppressed(),
  ];
  return results;
};

const EXPECTED = ['', 'sync value', 'id=', 'async value', 'active', {}, undefined, {}, false];

describe('a disabled client (OTEL_SDK_DISABLED)', () => {
  it('never throws before initialize, runs every callback, and flush / shutdown resolve', async () => {
    const factory = vi.fn<ExportTransportFactory>();
    const diagnostics: Diagnostic[] = [];
    const client = new TelemetryFlowClient(testConfig(), {
      transport: factory,
      disabled: true,
      onDiagnostic: (d) => diagnostics.push(d),
    });
    expect(await useEverything(client)).toEqual(EXPECTED);
    await expect(client.flush(20)).resolves.toBeUndefined();
    await expect(client.shutdown(20)).resolves.toBeUndefined();
    const failure = new Error('the callback fails');
    expect(() =>
      client.span('failing', () => {
        throw failure;
      }),
    ).toThrow(failure); // the callback's own error, as without the SDK
    expect(factory).not.toHaveBeenCalled();
    expect(diagnostics).toEqual([]); // not even TF_TIMEOUT_UNITS or TF_INVALID_INPUT
  });

  it('initialize() starts nothing: no transport, no timers, no exit hook, no globals', async () => {
    const factory = vi.fn<ExportTransportFactory>();
    const client = new TelemetryFlowClient(testConfig({ timeoutMs: 30 }), {
      transport: factory,
      disabled: true,
      registerGlobal: true,
    });
    const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = { timers: timers(), exitHooks: process.listenerCount('beforeExit') };
    // Synchronous: nothing else can start or stop a timer in between.
    expect(client.initialize()).toBe(client);
    expect(client.initialize()).toBe(client);
    client.incrementCounter('c');
    client.startSpan('s');
    expect({ timers: timers(), exitHooks: process.listenerCount('beforeExit') }).toEqual(before);
    expect(factory).not.toHaveBeenCalled();
    expect(propagation.fields()).toEqual([]);
    expect(client.isInitialized()).toBe(false);
    expect(String(client)).toBe('TelemetryFlowClient(service=orders, disabled)');
    expect(await useEverything(client)).toEqual(EXPECTED);
    await client.run(async (c) => {
      c.logInfo('inside run');
    });
    await client[Symbol.asyncDispose]();
  });

  it('getStatus() says so, counts nothing, and getHealth() does not fail a health check', async () => {
    const client = new TelemetryFlowClient(testConfig(), {
      transport: vi.fn<ExportTransportFactory>(),
      disabled: true,
    });
    client.initialize();
    await useEverything(client);
    const status = client.getStatus();
    expect(status).toMatchObject({
      disabled: true,
      initialized: false,
      uptimeSeconds: null,
      metricsSent: 0,
      logsSent: 0,
      spansSent: 0,
    });
    for (const signal of Object.values(status.signals)) {
      expect(signal).toMatchObject({ recorded: 0, invalid: 0, exported: 0, dropped: 0, queued: 0 });
    }
    expect(client.getHealth()).toMatchObject({ status: 'healthy', message: 'SDK is disabled' });
    const enabled = new TelemetryFlowClient(testConfig(), { transport: vi.fn<ExportTransportFactory>() });
    expect(enabled.getStatus().disabled).toBe(false);
  });

  it('needs no transport package', () => {
    // (Transport packages look uninstalled in this file.)
    expect(() => new TelemetryFlowClient(testConfig())).toThrow(BuilderError);
    const client = new TelemetryFlowClient(testConfig(), { disabled: true });
    expect(client.initialize().getStatus().disabled).toBe(true);
  });

  it('opens no connection to the collector, where an enabled client does', async () => {
    const collector = await startCollector();
    try {
      const enabled = new TelemetryFlowClient(testConfig(), { transport: fetchTransport(collector.url) });
      enabled.initialize().incrementCounter('orders.created');
      await enabled.shutdown(5_000);
      expect(collector.connections()).toBeGreaterThan(0); // the harness sees connections

      const before = collector.connections();
      const factory = vi.fn<ExportTransportFactory>(() => fetchTransport(collector.url));
      const disabled = new TelemetryFlowClient(testConfig(), { transport: factory, disabled: true });
      disabled.initialize();
      await useEverything(disabled);
      await disabled.flush(1_000);
      await new Promise((resolve) => setTimeout(resolve, 100)); // longer than batchTimeoutMs
      await disabled.shutdown(1_000);
      expect(collector.connections()).toBe(before);
      expect(factory).not.toHaveBeenCalled();
    } finally {
      await collector.close();
    }
  });
});
