import { gzipSync } from 'node:zlib';
import { encodeRequest } from '@telemetryflow-internal/test-utils';
import { describe, expect, it } from 'vitest';
import { InMemoryTransport, TelemetryStore } from '../src/index.js';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';
const PARENT = '53995c3f42cd8ad8';
const b64 = (hex: string): string => Buffer.from(hex, 'hex').toString('base64');
const SEND = { timeoutMs: 1000 };

const resource = {
  attributes: [
    { key: 'service.name', value: { stringValue: 'billing' } },
    { key: 'region', value: { stringValue: 'eu' } },
  ],
};
const scope = { name: 'my-lib', version: '1.2.3' };

/** An `ExportTraceServiceRequest` with one span, encoded by the test utilities' own protobuf setup. */
const traceRequest = (): Uint8Array =>
  encodeRequest('traces', {
    resourceSpans: [
      {
        resource,
        scopeSpans: [
          {
            scope,
            spans: [
              {
                traceId: b64(TRACE),
                spanId: b64(SPAN),
                parentSpanId: b64(PARENT),
                name: 'charge',
                kind: 3,
                startTimeUnixNano: '1700000000000000000',
                endTimeUnixNano: '1700000000012345678',
                attributes: [
                  { key: 'amount', value: { doubleValue: 9.5 } },
                  { key: 'tries', value: { intValue: '3' } },
                  { key: 'ok', value: { boolValue: true } },
                  {
                    key: 'tags',
                    value: { arrayValue: { values: [{ stringValue: 'a' }, { stringValue: 'b' }] } },
                  },
                ],
                events: [{ name: 'retry', timeUnixNano: '1700000000005000000', attributes: [] }],
                links: [{ traceId: b64(TRACE), spanId: b64(PARENT), attributes: [] }],
                status: { code: 2, message: 'card declined' },
              },
            ],
          },
        ],
      },
    ],
  });

describe('InMemoryTransport', () => {
  it('decodes a trace request into spans with hex ids, epoch-ms times, resource and scope', async () => {
    const store = new TelemetryStore();
    const outcome = await new InMemoryTransport(store).send('traces', traceRequest(), SEND);
    expect(outcome).toEqual({ status: 'success' });
    expect(store.spans).toEqual([
      {
        traceId: TRACE,
        spanId: SPAN,
        parentSpanId: PARENT,
        name: 'charge',
        kind: 'client',
        startTime: 1_700_000_000_000,
        endTime: 1_700_000_000_012.345,
        durationMs: 12.345678,
        status: 'error',
        statusMessage: 'card declined',
        attributes: { amount: 9.5, tries: 3, ok: true, tags: ['a', 'b'] },
        events: [{ name: 'retry', timestamp: 1_700_000_000_005, attributes: {} }],
        links: [{ traceId: TRACE, spanId: PARENT, attributes: {} }],
        serviceName: 'billing',
        resource: { 'service.name': 'billing', region: 'eu' },
        scope: { name: 'my-lib', version: '1.2.3' },
      },
    ]);
    expect(Object.isFrozen(store.spans[0])).toBe(true);
  });

  it('decodes a gzipped body the same as a plain one', async () => {
    const plain = new TelemetryStore();
    const zipped = new TelemetryStore();
    await new InMemoryTransport(plain).send('traces', traceRequest(), SEND);
    const outcome = await new InMemoryTransport(zipped).send('traces', gzipSync(traceRequest()), SEND);
    expect(outcome).toEqual({ status: 'success' });
    expect(zipped.spans).toEqual(plain.spans);
  });

  it('decodes log records: severity from the OTLP number, structured bodies as JSON text, no ids outside a span', async () => {
    const store = new TelemetryStore();
    const body = encodeRequest('logs', {
      resourceLogs: [
        {
          resource,
          scopeLogs: [
            {
              scope,
              logRecords: [
                {
                  timeUnixNano: '1700000000001000000',
                  severityNumber: 14,
                  severityText: 'warning',
                  body: { stringValue: 'disk almost full' },
                  traceId: b64(TRACE),
                  spanId: b64(SPAN),
                  attributes: [{ key: 'disk', value: { stringValue: '/dev/sda' } }],
                },
                {
                  observedTimeUnixNano: '1700000000002000000',
                  severityText: 'ERROR',
                  body: { kvlistValue: { values: [{ key: 'code', value: { intValue: '7' } }] } },
                },
              ],
            },
          ],
        },
      ],
    });
    expect(await new InMemoryTransport(store).send('logs', body, SEND)).toEqual({ status: 'success' });
    expect(store.logs).toMatchObject([
      {
        message: 'disk almost full',
        severity: 'warn',
        severityNumber: 14,
        severityText: 'warning',
        timestamp: 1_700_000_000_001,
        traceId: TRACE,
        spanId: SPAN,
        attributes: { disk: '/dev/sda' },
        serviceName: 'billing',
      },
      // No time: the observed time. No number: the text names the level.
      { message: '{"code":7}', body: { code: 7 }, severity: 'error', timestamp: 1_700_000_000_002 },
    ]);
    expect(store.logs[1]).not.toHaveProperty('traceId');
  });

  it('decodes sums, gauges and histograms; keeps the latest point per series', async () => {
    const store = new TelemetryStore();
    const transport = new InMemoryTransport(store);
    const point = (time: string, value: Record<string, unknown>) => ({
      startTimeUnixNano: '1700000000000000000',
      timeUnixNano: time,
      attributes: [{ key: 'region', value: { stringValue: 'eu' } }],
      ...value,
    });
    const request = (time: string, total: string, temperature: number, count: string) =>
      encodeRequest('metrics', {
        resourceMetrics: [
          {
            resource,
            scopeMetrics: [
              {
                scope,
                metrics: [
                  {
                    name: 'orders',
                    unit: '{order}',
                    sum: {
                      aggregationTemporality: 2,
                      isMonotonic: true,
                      dataPoints: [point(time, { asInt: total })],
                    },
                  },
                  { name: 'temperature', gauge: { dataPoints: [point(time, { asDouble: temperature })] } },
                  {
                    name: 'latency',
                    unit: 'ms',
                    histogram: {
                      aggregationTemporality: 2,
                      dataPoints: [
                        point(time, {
                          count,
                          sum: 30,
                          min: 5,
                          max: 25,
                          bucketCounts: ['1', count === '2' ? '1' : '2'],
                          explicitBounds: [10],
                        }),
                      ],
                    },
                  },
                  // Summaries are not something the client sends: not kept.
                  { name: 'legacy', summary: { dataPoints: [{ count: '1', sum: 1 }] } },
                ],
              },
            ],
          },
        ],
      });
    await transport.send('metrics', request('1700000001000000000', '2', 20.5, '2'), SEND);
    await transport.send('metrics', request('1700000002000000000', '5', 21, '3'), SEND);
    expect(store.metricPoints.map((p) => [p.name, p.type, p.value, p.count, p.time])).toEqual([
      ['orders', 'sum', 5, undefined, 1_700_000_002_000],
      ['temperature', 'gauge', 21, undefined, 1_700_000_002_000],
      ['latency', 'histogram', 30, 3, 1_700_000_002_000],
    ]);
    expect(store.metricPoints[0]).toMatchObject({
      unit: '{order}',
      monotonic: true,
      temporality: 'cumulative',
      attributes: { region: 'eu' },
      startTime: 1_700_000_000_000,
      serviceName: 'billing',
      scope: { name: 'my-lib', version: '1.2.3' },
    });
    expect(store.metricPoints[2]).toMatchObject({
      min: 5,
      max: 25,
      buckets: { bounds: [10], counts: [1, 2] },
    });
    // What each export added: the counter's increase, the gauge's new value, the new recordings.
    expect(store.metricValues.map((v) => [v.point.name, v.count, v.sum])).toEqual([
      ['orders', 1, 2],
      ['temperature', 1, 20.5],
      ['latency', 2, 30],
      ['orders', 1, 3],
      ['temperature', 1, 21],
      ['latency', 1, 0],
    ]);
  });

  it('adds no metric value for an export that repeats the previous one', async () => {
    const store = new TelemetryStore();
    const body = encodeRequest('metrics', {
      resourceMetrics: [
        {
          resource,
          scopeMetrics: [
            {
              scope,
              metrics: [
                {
                  name: 'orders',
                  sum: {
                    aggregationTemporality: 2,
                    isMonotonic: true,
                    dataPoints: [{ startTimeUnixNano: '1', timeUnixNano: '2', asInt: '4' }],
                  },
                },
              ],
            },
          ],
        },
      ],
    });
    const transport = new InMemoryTransport(store);
    await transport.send('metrics', body, SEND);
    await transport.send('metrics', body, SEND);
    expect(store.metricValues).toHaveLength(1);
    expect(store.metricPoints).toHaveLength(1);
  });

  it('answers failed, storing nothing, for a body that is not an OTLP request', async () => {
    const store = new TelemetryStore();
    const transport = new InMemoryTransport(store);
    const outcome = await transport.send('traces', Uint8Array.from([0x0a, 0xff, 0xff]), SEND);
    expect(outcome).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('not an OTLP traces') as string,
    });
    const badGzip = await transport.send('logs', Uint8Array.from([0x1f, 0x8b, 0x00]), SEND);
    expect(badGzip.status).toBe('failed');
    expect(store.spans).toEqual([]);
    expect(store.logs).toEqual([]);
  });

  it('fails every send after shutdown, as the port requires', async () => {
    const store = new TelemetryStore();
    const transport = new InMemoryTransport(store);
    await transport.shutdown();
    expect(await transport.send('traces', traceRequest(), SEND)).toEqual({
      status: 'failed',
      reason: 'the in-memory transport is shut down',
    });
    expect(store.spans).toEqual([]);
  });
});

describe('TelemetryStore', () => {
  it('keeps at most maxItems of each kind, the newest, and counts what it evicted', async () => {
    const store = new TelemetryStore({ maxItems: 2 });
    const transport = new InMemoryTransport(store);
    for (let i = 0; i < 3; i++) await transport.send('traces', traceRequest(), SEND);
    expect(store.spans).toHaveLength(2);
    expect(store.evicted).toEqual({ spans: 1, logs: 0, metricValues: 0, metricSeries: 0 });
    store.clear();
    expect(store.spans).toEqual([]);
    expect(store.evicted.spans).toBe(0);
  });

  it('refuses a maxItems below 1', () => {
    expect(() => new TelemetryStore({ maxItems: 0 })).toThrow(RangeError);
  });
});
