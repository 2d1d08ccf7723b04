import { attributes } from '@telemetryflow-internal/test-utils';
import { describe, expect, it } from 'vitest';
import { SeverityLevel, SpanKind } from '../src/index.js';
import { makeClient } from './helpers.js';

type Obj = Record<string, unknown>;

describe('TelemetryFlowClient signals, decoded from the OTLP it exports', () => {
  it('exports every kind of signal with the resource, and nests spans and logs under span()', async () => {
    const { client, transport } = makeClient({ customAttributes: { team: 'payments' } });
    client.initialize();
    client.incrementCounter('orders.created', 2, { region: 'eu' });
    client.recordGauge('queue.depth', 5);
    client.recordGauge('queue.depth', 3);
    client.recordHistogram('order.latency', 0.2, 's', { route: '/orders' });
    client.recordHistogram('order.items', 4);
    client.recordMetric('cpu.temperature', 61.5, 'Cel');
    let parentId = '';
    let childId = '';
    const result = await client.span(
      'checkout',
      SpanKind.SERVER,
      { 'http.route': '/checkout' },
      async (id) => {
        parentId = id;
        await new Promise((resolve) => setTimeout(resolve, 1));
        client.logWarn('card declined once', { attempt: 1 });
        client.span('charge-card', SpanKind.CLIENT, (child) => {
          childId = child;
          client.logInfo('charged');
        });
        return 'done';
      },
    );
    expect(result).toBe('done');
    await client.shutdown(5_000);

    const spans = transport.spans();
    const byName = (name: string) => spans.find((s) => s.item['name'] === name)?.item as Obj;
    expect(byName('checkout')).toMatchObject({
      spanId: parentId,
      kind: 'SPAN_KIND_SERVER',
      status: { code: 'STATUS_CODE_OK' },
    });
    expect(attributes(byName('checkout')['attributes'])).toEqual({ 'http.route': '/checkout' });
    expect(byName('charge-card')).toMatchObject({
      spanId: childId,
      parentSpanId: parentId,
      traceId: byName('checkout')['traceId'],
      kind: 'SPAN_KIND_CLIENT',
    });

    expect(spans[0]?.resource).toMatchObject({
      'service.name': 'orders',
      'service.version': '2.3.4',
      'service.namespace': 'telemetryflow',
      'deployment.environment.name': 'test',
      'deployment.environment': 'test',
      team: 'payments',
      'telemetry.sdk.name': 'telemetryflow',
      'telemetry.sdk.language': 'nodejs',
    });
    expect(spans[0]?.scope).toMatchObject({ name: '@telemetryflow/client' });

    const logs = transport.logs().map((l) => l.item);
    expect(logs).toHaveLength(2);
    expect(logs[0]).toMatchObject({
      severityNumber: 'SEVERITY_NUMBER_WARN',
      severityText: 'WARN',
      body: { stringValue: 'card declined once' },
      traceId: byName('checkout')['traceId'],
      spanId: parentId,
    });
    expect(attributes(logs[0]?.['attributes'])).toEqual({ attempt: 1 });
    expect(logs[1]).toMatchObject({ severityNumber: 'SEVERITY_NUMBER_INFO', spanId: childId });

    const metrics = new Map(transport.metrics().map((m) => [m.item['name'] as string, m.item]));
    const counter = metrics.get('orders.created') as Obj;
    expect(counter['sum']).toMatchObject({ isMonotonic: true, dataPoints: [{ asDouble: 2 }] });
    expect(attributes((counter['sum'] as { dataPoints: Obj[] }).dataPoints[0]?.['attributes'])).toEqual({
      region: 'eu',
    });
    expect(metrics.get('queue.depth')).toMatchObject({ gauge: { dataPoints: [{ asDouble: 3 }] } });
    expect(metrics.get('cpu.temperature')).toMatchObject({
      unit: 'Cel',
      gauge: { dataPoints: [{ asDouble: 61.5 }] },
    });
    expect(metrics.get('order.latency')).toMatchObject({
      unit: 's',
      histogram: {
        dataPoints: [
          {
            count: '1',
            sum: 0.2,
            explicitBounds: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10],
          },
        ],
      },
    });
    expect(metrics.get('order.items')).toMatchObject({ histogram: { dataPoints: [{ count: '1', sum: 4 }] } });
    expect(metrics.get('order.items')).not.toHaveProperty('unit');
  });

  it("refuses a histogram call whose unit differs from the name's first use, and exports only the others", async () => {
    const { client, transport } = makeClient({ enableTraces: false, enableLogs: false });
    client.initialize();
    client.recordHistogram('payment.duration', 120, 'ms');
    client.recordHistogram('payment.duration', 0.2, 's'); // seconds in a series of milliseconds
    client.recordHistogram('payment.duration', 80); // no unit: the first use's
    const status = client.getStatus();
    expect(status.signals.metrics).toMatchObject({ recorded: 2, invalid: 1 });
    expect(status.lastInvalidReason).toBe(
      "histogram 'payment.duration': unit 's' differs from 'ms', the unit of the name's first use",
    );
    await client.shutdown(5_000);
    const [histogram] = transport.metrics().map((m) => m.item);
    expect(histogram).toMatchObject({
      name: 'payment.duration',
      unit: 'ms',
      histogram: { dataPoints: [{ count: '2', sum: 200 }] },
    });
  });

  it('startSpan returns the real span id; endSpan with an error sets ERROR and records the exception', async () => {
    const { client, transport } = makeClient();
    client.initialize();
    const id = client.startSpan('db.query', SpanKind.CLIENT, { 'db.system': 'postgresql' });
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    client.addSpanEvent(id, 'rows.fetched', { rows: 100 });
    client.endSpan(id, new TypeError('connection reset'));
    await client.shutdown(5_000);
    const span = transport.spans()[0]?.item as Obj;
    expect(span).toMatchObject({
      spanId: id,
      status: { code: 'STATUS_CODE_ERROR', message: 'connection reset' },
    });
    const events = span['events'] as Obj[];
    expect(events.map((e) => e['name'])).toEqual(['rows.fetched', 'exception']);
    expect(attributes(events[0]?.['attributes'])).toEqual({ rows: 100 });
    expect(attributes(events[1]?.['attributes'])).toMatchObject({
      'exception.type': 'TypeError',
      'exception.message': 'connection reset',
    });
  });

  it('span() marks the span ERROR and rethrows when the callback throws or rejects', async () => {
    const { client, transport } = makeClient();
    client.initialize();
    expect(() =>
      client.span('sync-fail', () => {
        throw new Error('sync boom');
      }),
    ).toThrow('sync boom');
    await expect(
      client.span('async-fail', async () => {
        await Promise.resolve();
        throw new Error('async boom');
      }),
    ).rejects.toThrow('async boom');
    expect(client.span('ok', () => 42)).toBe(42);
    await client.shutdown(5_000);
    const statusOf = (item: Obj): unknown => {
      const status = item['status'] as Obj;
      return status['message'] ?? status['code'];
    };
    const status = Object.fromEntries(
      transport.spans().map((s): [string, unknown] => [String(s.item['name']), statusOf(s.item)]),
    );
    expect(status).toEqual({ 'sync-fail': 'sync boom', 'async-fail': 'async boom', ok: 'STATUS_CODE_OK' });
  });

  it('span() marks the span ERROR for any thrown value, undefined and null included', async () => {
    const { client, transport } = makeClient();
    client.initialize();
    const thrown = (fn: () => unknown): unknown => {
      try {
        fn();
      } catch (error) {
        return { error };
      }
      return 'did not throw';
    };
    expect(
      thrown(() =>
        client.span('sync-undefined', () => {
          throw undefined; // eslint-disable-line @typescript-eslint/only-throw-error -- what is under test
        }),
      ),
    ).toEqual({ error: undefined });
    await expect(
      client.span('async-null', async () => {
        await Promise.resolve();
        throw null; // eslint-disable-line @typescript-eslint/only-throw-error -- what is under test
      }),
    ).rejects.toBeNull();
    await expect(
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- what is under test
      client.span('rejects-undefined', () => Promise.reject(undefined as never)),
    ).rejects.toBeUndefined();
    await client.shutdown(5_000);
    const spans = transport.spans().map((s) => s.item);
    for (const name of ['sync-undefined', 'async-null', 'rejects-undefined']) {
      const span = spans.find((item) => item['name'] === name);
      expect(span?.['status'], name).toMatchObject({ code: 'STATUS_CODE_ERROR' });
      const events = span?.['events'] as Obj[];
      expect(
        events.map((e) => e['name']),
        name,
      ).toEqual(['exception']);
    }
  });

  it('logs an object holding an error with the error readable (name, message, stack), as pino users pass them', async () => {
    const { client, transport } = makeClient({ enableMetrics: false, enableTraces: false });
    client.initialize();
    client.logError({ msg: 'request failed', err: new TypeError('db refused') } as unknown as string);
    await client.shutdown(5_000);
    const body = (transport.logs()[0]?.item['body'] as { stringValue?: string }).stringValue ?? '';
    const parsed = JSON.parse(body) as { msg: string; err: Record<string, unknown> };
    expect(parsed).toMatchObject({
      msg: 'request failed',
      err: { name: 'TypeError', message: 'db refused' },
    });
    expect(parsed.err['stack']).toContain('TypeError: db refused');
  });

  it('keeps concurrent span() callbacks in their own context', async () => {
    const { client, transport } = makeClient();
    client.initialize();
    const parents = new Map<string, string>();
    const works = new Map<string, string>();
    await Promise.all(
      ['a', 'b', 'c'].map((name) =>
        client.span(`request-${name}`, async (id) => {
          parents.set(name, id);
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
          // Logs before, in and after a child span in one callback: the context read is remembered
          // for the callback, and each span() must make it read again.
          client.logInfo(`before-${name}`);
          client.span(`work-${name}`, (workId) => {
            works.set(name, workId);
            client.logInfo(`in-${name}`);
          });
          client.logInfo(`after-${name}`);
        }),
      ),
    );
    await client.shutdown(5_000);
    const spanOfLog = (body: string) =>
      transport.logs().find((l) => (l.item['body'] as Obj)['stringValue'] === body)?.item['spanId'];
    for (const name of ['a', 'b', 'c']) {
      const work = transport.spans().find((s) => s.item['name'] === `work-${name}`)?.item;
      expect(work?.['parentSpanId']).toBe(parents.get(name));
      expect(spanOfLog(`before-${name}`)).toBe(parents.get(name));
      expect(spanOfLog(`in-${name}`)).toBe(works.get(name));
      expect(spanOfLog(`after-${name}`)).toBe(parents.get(name));
    }
  });

  it('log() takes every severity; logs outside a span carry no trace ids', async () => {
    const { client, transport } = makeClient();
    client.initialize();
    client.log('custom', SeverityLevel.FATAL, { k: 'v' });
    client.logTrace('t');
    client.logDebug('d');
    client.logInfo('i');
    client.logWarn('w');
    client.logError('e');
    client.logFatal('f');
    await client.shutdown(5_000);
    const logs = transport.logs().map((l) => l.item);
    expect(logs.map((l) => l['severityText'])).toEqual([
      'FATAL',
      'TRACE',
      'DEBUG',
      'INFO',
      'WARN',
      'ERROR',
      'FATAL',
    ]);
    expect(logs.map((l) => l['severityNumber'])).toEqual([
      'SEVERITY_NUMBER_FATAL',
      'SEVERITY_NUMBER_TRACE',
      'SEVERITY_NUMBER_DEBUG',
      'SEVERITY_NUMBER_INFO',
      'SEVERITY_NUMBER_WARN',
      'SEVERITY_NUMBER_ERROR',
      'SEVERITY_NUMBER_FATAL',
    ]);
    expect(logs[0]).not.toHaveProperty('traceId');
  });
});
