import { metrics } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as providers from '../../src/engine/providers.js';
import { makeClient } from '../helpers.js';

// The metrics and logs providers are created at the first use of their signal: spied on to see when.
vi.mock('../../src/engine/providers.js', async (importOriginal) => {
  const actual = await importOriginal<typeof providers>();
  return {
    ...actual,
    createMeterProvider: vi.fn(actual.createMeterProvider),
    createLoggerProvider: vi.fn(actual.createLoggerProvider),
  };
});

const created = () => ({
  meter: vi.mocked(providers.createMeterProvider).mock.calls.length,
  logger: vi.mocked(providers.createLoggerProvider).mock.calls.length,
});

describe('metrics and logs providers created at the first use of their signal', () => {
  beforeEach(() => {
    vi.mocked(providers.createMeterProvider).mockClear();
    vi.mocked(providers.createLoggerProvider).mockClear();
  });
  afterEach(() => {
    metrics.disable();
    logs.disable();
  });

  it('builds neither for a client that only traces, and exports no metrics or logs', async () => {
    const { client, transport } = makeClient();
    client.initialize();
    client.span('work', () => undefined);
    await client.flush(5_000);
    expect(created()).toEqual({ meter: 0, logger: 0 });
    expect(transport.spans()).toHaveLength(1);
    expect(transport.requests('metrics')).toHaveLength(0);
    expect(transport.requests('logs')).toHaveLength(0);
    await client.shutdown(5_000);
    expect(created()).toEqual({ meter: 0, logger: 0 });
  });

  it('loses no recording: the first metric and log build their provider and every one is exported', async () => {
    const { client, transport } = makeClient();
    client.initialize();
    client.incrementCounter('orders', 2, { region: 'eu' });
    client.incrementCounter('orders', 3, { region: 'eu' });
    client.recordHistogram('latency', 0.2, 's');
    client.logInfo('first');
    client.logWarn('second');
    expect(created()).toEqual({ meter: 1, logger: 1 });
    await client.flush(5_000);
    const status = client.getStatus();
    expect(status.signals.metrics.recorded).toBe(3);
    expect(status.signals.logs.recorded).toBe(2);
    expect(status.signals.logs.exported).toBe(2);
    const counter = transport.metrics().find(({ item }) => item['name'] === 'orders')?.item as
      { sum?: { dataPoints?: { asDouble?: number; asInt?: string | number }[] } } | undefined;
    const point = counter?.sum?.dataPoints?.[0];
    expect(Number(point?.asDouble ?? point?.asInt)).toBe(5);
    expect(
      transport.logs().map(({ item }) => (item['body'] as { stringValue?: string }).stringValue),
    ).toEqual(['first', 'second']);
    await client.shutdown(5_000);
    expect(created()).toEqual({ meter: 1, logger: 1 });
  });

  it('builds the meter provider for an observable registered before initialize()', async () => {
    const { client, transport } = makeClient();
    client.observeGauge('queue.depth', (o) => o.observe(7));
    client.initialize();
    expect(created().meter).toBe(1);
    await client.flush(5_000);
    expect(transport.metrics().map(({ item }) => item['name'])).toContain('queue.depth');
    await client.shutdown(5_000);
  });

  it('never builds a disabled signal’s provider', async () => {
    const { client, transport } = makeClient({ enableMetrics: false, enableLogs: false });
    client.initialize();
    client.incrementCounter('orders');
    client.logInfo('dropped');
    await client.flush(5_000);
    expect(created()).toEqual({ meter: 0, logger: 0 });
    expect(transport.requests('metrics')).toHaveLength(0);
    expect(transport.requests('logs')).toHaveLength(0);
    await client.shutdown(5_000);
  });

  it('with registerGlobal, builds them when an instrumentation first asks the globals', async () => {
    const { client, transport } = makeClient({}, { registerGlobal: true });
    client.initialize();
    expect(created()).toEqual({ meter: 0, logger: 0 });
    metrics.getMeter('instrumentation').createCounter('instrumented').add(4);
    logs.getLogger('instrumentation').emit({ body: 'from a bridge' });
    expect(created()).toEqual({ meter: 1, logger: 1 });
    await client.flush(5_000);
    expect(transport.metrics().map(({ item }) => item['name'])).toContain('instrumented');
    expect(transport.logs()).toHaveLength(1);
    await client.shutdown(5_000);
    // After shutdown the globals are no-ops again; nothing is built for the ended generation.
    expect(() => metrics.getMeter('late').createCounter('late').add(1)).not.toThrow();
    expect(created()).toEqual({ meter: 1, logger: 1 });
  });

  it('builds them again in a new generation after shutdown and initialize()', async () => {
    const { client, transport } = makeClient();
    client.initialize();
    client.logInfo('one');
    await client.shutdown(5_000);
    client.initialize();
    client.logInfo('two');
    client.incrementCounter('orders');
    await client.shutdown(5_000);
    expect(created()).toEqual({ meter: 1, logger: 2 });
    expect(transport.logs()).toHaveLength(2);
    expect(transport.metrics().map(({ item }) => item['name'])).toContain('orders');
  });
});
