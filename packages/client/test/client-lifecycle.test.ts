import { inspect } from 'node:util';
import { context, metrics, trace } from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import { InMemoryTransport } from '@telemetryflow-internal/test-utils';
import { describe, expect, it } from 'vitest';
import { NotInitializedError, TelemetryFlowClient, TelemetryFlowError } from '../src/index.js';
import { SECRET, makeClient, testConfig, warningsDuring } from './helpers.js';

describe('TelemetryFlowClient lifecycle', () => {
  it('throws NotInitializedError from every recording method before initialize, as the seed does', async () => {
    const { client } = makeClient();
    const calls: [string, () => unknown][] = [
      ['incrementCounter', () => client.incrementCounter('c')],
      ['recordGauge', () => client.recordGauge('g', 1)],
      ['recordHistogram', () => client.recordHistogram('h', 1)],
      ['recordMetric', () => client.recordMetric('m', 1)],
      ['log', () => client.log('x')],
      ['logDebug', () => client.logDebug('x')],
      ['logInfo', () => client.logInfo('x')],
      ['logWarn', () => client.logWarn('x')],
      ['logError', () => client.logError('x')],
      ['startSpan', () => client.startSpan('s')],
      ['endSpan', () => client.endSpan('0000000000000001')],
      ['addSpanEvent', () => client.addSpanEvent('0000000000000001', 'e')],
      ['span', () => client.span('s', () => 1)],
    ];
    for (const [name, call] of calls) {
      expect(call, name).toThrow(NotInitializedError);
    }
    await expect(client.flush()).rejects.toThrow('Client is not initialized. Call initialize() first.');
    await expect(client.shutdown()).resolves.toBeUndefined();
    expect(client.isInitialized()).toBe(false);
    expect(client.getStatus()).toMatchObject({ initialized: false, uptimeSeconds: null, spansSent: 0 });
  });

  it('initialize and shutdown are idempotent, and the client can be initialized again', async () => {
    const transports: InMemoryTransport[] = [];
    const client = new TelemetryFlowClient(testConfig(), {
      transport: () => {
        const t = new InMemoryTransport();
        transports.push(t);
        return t;
      },
    });
    expect(client.initialize()).toBe(client);
    client.initialize();
    expect(transports).toHaveLength(1);
    client.incrementCounter('first');
    await client.shutdown(5_000);
    await client.shutdown(5_000);
    expect(client.isInitialized()).toBe(false);
    expect(() => client.incrementCounter('x')).not.toThrow(); // dropped: see 'after shutdown' below

    client.initialize();
    client.startSpan('after-restart');
    client.endSpan(client.startSpan('second'));
    client.incrementCounter('first', 5); // into the new run's instrument, not the last run's
    await client.shutdown(5_000);
    expect(transports).toHaveLength(2);
    expect(transports.map((t) => t.shutdownCalls)).toEqual([1, 1]);
    expect(transports[0]?.metrics().map((m) => m.item['name'])).toEqual(['first']);
    expect(transports[1]?.spans().map((s) => s.item['name'])).toEqual(['second']);
    expect(transports[1]?.metrics().map((m) => [m.item['name'], m.item['sum']])).toEqual([
      ['first', expect.objectContaining({ dataPoints: [expect.objectContaining({ asDouble: 5 })] })],
    ]);
    // 'x' was recorded while shut down: counted, and dropped.
    expect(client.getStatus()).toMatchObject({ metricsSent: 3, spansSent: 2 });
    expect(client.getStatus().signals.metrics.dropped).toBeGreaterThanOrEqual(1);
  });

  it('wraps engine start failures in TelemetryFlowError', () => {
    const client = new TelemetryFlowClient(testConfig(), {
      transport: () => {
        throw new Error('cannot open channel');
      },
    });
    expect(() => client.initialize()).toThrow(TelemetryFlowError);
    expect(() => client.initialize()).toThrow('Failed to initialize SDK: cannot open channel');
    expect(client.isInitialized()).toBe(false);
  });

  it('rethrows SDK errors from another copy of the domain (a CJS transport) as they are', () => {
    const foreign = Object.assign(new Error('OTEL_EXPORTER_OTLP_CERTIFICATE=/x cannot be read'), {
      name: 'ConfigError',
      code: 'TF_CONFIG_INVALID',
    });
    const client = new TelemetryFlowClient(testConfig(), {
      transport: () => {
        throw foreign;
      },
    });
    expect(() => client.initialize()).toThrow(foreign);
  });

  it('shuts down at the end of an `await using` scope and of run()', async () => {
    const transport = new InMemoryTransport();
    {
      await using client = new TelemetryFlowClient(testConfig(), { transport }).initialize();
      client.logInfo('scoped');
      expect(client.isInitialized()).toBe(true);
    }
    expect(transport.logs()).toHaveLength(1);
    expect(transport.shutdownCalls).toBe(1);

    const other = new TelemetryFlowClient(testConfig(), { transport: () => new InMemoryTransport() });
    await expect(
      other.run(async (c) => {
        c.logInfo('in run');
        throw new Error('job failed');
      }),
    ).rejects.toThrow('job failed');
    expect(other.isInitialized()).toBe(false);
    expect(await other.run(() => 7)).toBe(7);
  });

  it('exposes config and getStatus with the reference keys', () => {
    const { client } = makeClient();
    expect(client.config.serviceName).toBe('orders');
    client.initialize();
    const status = client.getStatus();
    expect(Object.keys(status)).toEqual(
      expect.arrayContaining([
        'initialized',
        'version',
        'serviceName',
        'endpoint',
        'protocol',
        'signalsEnabled',
        'uptimeSeconds',
        'metricsSent',
        'logsSent',
        'spansSent',
      ]),
    );
    expect(status.signals.traces).toMatchObject({ exported: 0, failed: 0, dropped: 0, queued: 0 });
    expect(status.uptimeSeconds).toBeGreaterThanOrEqual(0);
    expect(client.getHealth()).toMatchObject({ status: 'healthy' });
    return client.shutdown(1_000);
  });

  it('keeps the secret out of String(), util.inspect and JSON of the client and its status', async () => {
    const { client } = makeClient();
    client.initialize();
    expect(String(client)).toBe('TelemetryFlowClient(service=orders, initialized)');
    expect(inspect(client, { depth: null })).not.toContain(SECRET);
    expect(JSON.stringify(client.getStatus())).not.toContain(SECRET);
    expect(JSON.stringify(client.config)).not.toContain(SECRET);
    await client.shutdown(1_000);
    expect(String(client)).toBe('TelemetryFlowClient(service=orders, not initialized)');
  });

  it('makes disabled signals no-ops that neither throw nor count', async () => {
    const { client, transport } = makeClient({ enableTraces: false, enableLogs: false });
    client.initialize();
    expect(client.startSpan('s')).toBe('');
    client.endSpan('');
    client.addSpanEvent('', 'e');
    expect(client.span('s', (id) => id)).toBe('');
    client.logInfo('nope');
    client.incrementCounter('yes');
    await client.shutdown(5_000);
    expect(transport.spans()).toEqual([]);
    expect(transport.logs()).toEqual([]);
    expect(transport.metrics()).toHaveLength(1);
    expect(client.getStatus()).toMatchObject({ spansSent: 0, logsSent: 0, metricsSent: 1 });
    expect(client.getStatus().signals.traces.invalid).toBe(0);
  });

  it('lets several clients in one process export their own data', async () => {
    const a = makeClient({ serviceName: 'svc-a' });
    const b = makeClient({ serviceName: 'svc-b' });
    a.client.initialize();
    b.client.initialize();
    a.client.span('from-a', () => b.client.span('from-b', () => undefined));
    await Promise.all([a.client.shutdown(5_000), b.client.shutdown(5_000)]);
    expect(a.transport.spans().map((s) => [s.item['name'], s.resource['service.name']])).toEqual([
      ['from-a', 'svc-a'],
    ]);
    expect(b.transport.spans().map((s) => [s.item['name'], s.resource['service.name']])).toEqual([
      ['from-b', 'svc-b'],
    ]);
    // Same trace across clients: the active context is shared, the providers are not.
    expect(b.transport.spans()[0]?.item['parentSpanId']).toBe(a.transport.spans()[0]?.item['spanId']);
  });

  it('leaves the OpenTelemetry globals alone unless registerGlobal is set', async () => {
    const plain = makeClient();
    plain.client.initialize();
    trace.getTracer('lib').startSpan('via-global-api').end();
    await plain.client.shutdown(5_000);
    expect(plain.transport.spans()).toEqual([]);

    const global = makeClient({}, { registerGlobal: true });
    global.client.initialize();
    trace.getTracer('instrumentation-lib').startSpan('via-global-api').end();
    metrics.getMeter('instrumentation-lib').createCounter('lib.calls').add(1);
    await global.client.shutdown(5_000);
    expect(global.transport.spans().map((s) => s.item['name'])).toEqual(['via-global-api']);
    expect(global.transport.metrics().map((m) => m.item['name'])).toEqual(['lib.calls']);
    // Shutdown gives the globals back.
    expect(trace.getTracer('x').startSpan('after').isRecording()).toBe(false);
  });
});

describe('after shutdown', () => {
  it('drops recordings and counts them, never throwing; span() still runs its callback', async () => {
    const { client, transport } = makeClient();
    client.initialize();
    client.logInfo('before');
    await client.shutdown(5_000);

    const calls: [string, () => unknown][] = [
      ['incrementCounter', () => client.incrementCounter('c')],
      ['recordGauge', () => client.recordGauge('g', 1)],
      ['recordHistogram', () => client.recordHistogram('h', 1)],
      ['recordMetric', () => client.recordMetric('m', 1)],
      ['log', () => client.log('x')],
      ['logError', () => client.logError('x')],
      ['startSpan', () => client.startSpan('s')],
      ['endSpan', () => client.endSpan('0000000000000001')],
      ['addSpanEvent', () => client.addSpanEvent('0000000000000001', 'e')],
      ['setSpanAttributes', () => client.setSpanAttributes('0000000000000001', { a: 1 })],
    ];
    for (const [name, call] of calls) expect(call, name).not.toThrow();
    expect(client.startSpan('s')).toBe('');
    expect(client.span('handler', (id) => `ran with '${id}'`)).toBe("ran with ''");
    await expect(client.span('async-handler', async () => 'async ran')).resolves.toBe('async ran');
    await expect(client.flush(1_000)).resolves.toBeUndefined();

    const { signals } = client.getStatus();
    // 4 metric recordings; 2 logs; startSpan twice plus two span() calls; ending and annotating add nothing.
    expect(signals.metrics).toMatchObject({ recorded: 4, dropped: 4, invalid: 0 });
    expect(signals.logs).toMatchObject({ recorded: 3, exported: 1, dropped: 2, invalid: 0, queued: 0 });
    expect(signals.traces).toMatchObject({ recorded: 4, dropped: 4, invalid: 0 });
    expect(transport.logs()).toHaveLength(1);
  });

  it('records again after a new initialize()', async () => {
    const { client, transport } = makeClient({ enableMetrics: false });
    client.initialize();
    await client.shutdown(5_000);
    client.logInfo('dropped');
    client.initialize();
    client.logInfo('sent');
    await client.shutdown(5_000);
    expect(transport.logs().map((l) => (l.item['body'] as { stringValue?: string }).stringValue)).toEqual([
      'sent',
    ]);
    expect(client.getStatus().signals.logs).toMatchObject({ recorded: 2, exported: 1, dropped: 1 });
  });
});

describe('export requests', () => {
  it('run outside the application context with tracing suppressed', async () => {
    const { client, transport } = makeClient({ enableMetrics: false });
    const seen: { suppressed: boolean; reported: boolean; activeSpan: boolean }[] = [];
    transport.respond = () => {
      seen.push({
        suppressed: isTracingSuppressed(context.active()),
        reported: client.isTracingSuppressed(),
        activeSpan: trace.getSpan(context.active()) !== undefined,
      });
      return { status: 'success' };
    };
    client.initialize();
    await client.span('request', async () => {
      client.logInfo('inside a span');
      await client.flush(5_000);
    });
    await client.shutdown(5_000);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((s) => s.suppressed && s.reported && !s.activeSpan)).toBe(true);
    expect(client.isTracingSuppressed()).toBe(false);
  });
});

describe('flush and shutdown timeouts', () => {
  /** A collector that answers each export a little later (the answer arrives on a timer). */
  const answeringLater = () => {
    const made = makeClient({ enableMetrics: false });
    made.transport.respond = () =>
      new Promise((resolve) => setTimeout(() => resolve({ status: 'success' }), 20));
    return made;
  };

  it('flush waits for what was recorded before it, not for a stream that keeps arriving', async () => {
    const { client } = answeringLater();
    client.initialize();
    client.logInfo('before flush');
    // A producer that outpaces the collector: without a bound on what flush waits for, it would
    // wait until the producer stops (here, after 10 s) or until its deadline.
    let producing = true;
    const producer = setInterval(() => client.logInfo('after flush'), 2);
    const stop = setTimeout(() => (producing = false), 10_000);
    try {
      await client.flush(60_000);
      expect(producing).toBe(true);
      expect(client.getStatus().signals.logs.exported).toBeGreaterThanOrEqual(1);
    } finally {
      clearInterval(producer);
      clearTimeout(stop);
      await client.shutdown(5_000);
    }
  });

  it.each([1e12, 2 ** 31, Number.MAX_SAFE_INTEGER, Number.MAX_VALUE, Infinity])(
    'take %d ms as "as long as timers allow": flush and shutdown send everything',
    async (timeoutMs) => {
      const { client } = answeringLater();
      client.initialize();
      const warnings = await warningsDuring(async () => {
        client.logInfo('before flush');
        await client.flush(timeoutMs);
        expect(client.getStatus().signals.logs).toMatchObject({ exported: 1, queued: 0 });
        client.logInfo('before shutdown');
        await client.shutdown(timeoutMs);
      });
      expect(client.getStatus().signals.logs).toMatchObject({ exported: 2, dropped: 0, queued: 0 });
      expect(warnings.map((w) => w.name)).not.toContain('TimeoutOverflowWarning');
    },
  );

  it('say once that timeouts are milliseconds when one looks like seconds (a Python habit)', async () => {
    const { client, diagnostics } = makeClient({ enableMetrics: false, timeoutMs: 10 });
    client.initialize();
    await client.flush(30);
    await client.flush(5);
    await client.shutdown(30);
    const units = diagnostics.filter((d) => d.code === 'TF_TIMEOUT_UNITS').map((d) => d.message);
    expect(units).toEqual([
      'timeoutMs is 10 ms: TelemetryFlow for Node takes milliseconds (the Python SDK takes seconds); for 10 s use 10000',
      'flush(30) waits 30 ms: TelemetryFlow for Node takes milliseconds (the Python SDK takes seconds); for 30 s use flush(30000)',
    ]);
  });

  it('take a negative or non-numeric timeout as the default, and 0 as "now"', async () => {
    const { client } = answeringLater();
    client.initialize();
    client.logInfo('pending');
    await client.flush(-1);
    expect(client.getStatus().signals.logs).toMatchObject({ exported: 1 });
    client.logInfo('dropped at once');
    await client.shutdown(0);
    expect(client.getStatus().signals.logs).toMatchObject({ exported: 1, dropped: 1, queued: 0 });
  });
});
