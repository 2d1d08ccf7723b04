import { encodeRequest } from '@telemetryflow-internal/test-utils';
import { describe, expect, it } from 'vitest';
import { TelemetryStore, quantileOf, startDevCollector } from '../src/index.js';
import type { LogView, MetricPointView, SpanView } from '../src/index.js';

const point = (timeMs: number, value: number, attributes: Record<string, unknown> = {}): MetricPointView => ({
  service: 'svc',
  name: 'requests',
  unit: '{request}',
  type: 'sum',
  attributes,
  value,
  count: undefined,
  timeMs,
  temporality: 'cumulative',
  histogram: undefined,
  exemplars: [],
});

const span = (n: number): SpanView => ({
  service: 'svc',
  traceId: `${n}`.padStart(32, '0'),
  spanId: `${n}`.padStart(16, '0'),
  parentSpanId: undefined,
  name: `span ${n}`,
  kind: 'SERVER',
  startMs: n,
  durationMs: 1,
  status: 'unset',
  statusMessage: undefined,
  attributes: {},
  events: [],
  links: [],
  resource: { 'service.name': 'svc' },
  scope: 'test',
});

const log = (n: number): LogView => ({
  service: 'svc',
  timeMs: n,
  severity: 'INFO',
  body: `log ${n}`,
  traceId: undefined,
  spanId: undefined,
  attributes: {},
});

describe('TelemetryStore', () => {
  it('keeps the points of each series over time, oldest first, the last pointsPerSeries of them', () => {
    const store = new TelemetryStore(10, 3);
    for (const t of [1000, 2000, 3000, 4000])
      store.add({ spans: [], logs: [], metrics: [point(t, t / 1000)] });
    const [series] = store.series();
    expect(series?.points.map((p) => p.value)).toEqual([2, 3, 4]);
    expect(store.metrics.map((p) => p.value)).toEqual([4]); // the latest point, as before
    expect(store.evicted.points).toBe(1);
  });

  it('keeps one point per time: the same collection exported twice replaces, a late one is sorted in', () => {
    const store = new TelemetryStore(10);
    store.add({ spans: [], logs: [], metrics: [point(1000, 1), point(3000, 3)] });
    store.add({ spans: [], logs: [], metrics: [point(3000, 30), point(2000, 2)] });
    expect(store.series()[0]?.points.map((p) => [p.timeMs, p.value])).toEqual([
      [1000, 1],
      [2000, 2],
      [3000, 30],
    ]);
  });

  it('drops the least recently updated series past maxItems, and spans and logs oldest first, counting each', () => {
    const store = new TelemetryStore(2);
    store.add({ spans: [span(1), span(2), span(3)], logs: [log(1), log(2), log(3)], metrics: [] });
    store.add({ spans: [], logs: [], metrics: [point(1, 1, { a: 1 }), point(1, 1, { a: 2 })] });
    store.add({ spans: [], logs: [], metrics: [point(2, 2, { a: 1 }), point(2, 1, { a: 3 })] });
    expect(store.spans.map((s) => s.name)).toEqual(['span 2', 'span 3']);
    expect(store.logs.map((l) => l.body)).toEqual(['log 2', 'log 3']);
    expect(store.series().map((s) => s.attributes)).toEqual([{ a: 1 }, { a: 3 }]);
    expect(store.evicted).toEqual({ spans: 1, logs: 1, series: 1, points: 0 });
    expect(store.toJSON()).toMatchObject({ version: 3, limits: { maxItems: 2, pointsPerSeries: 120 } });
  });
});

describe('quantileOf (histogram_quantile over OTLP explicit buckets)', () => {
  it('interpolates within the bucket that holds the rank', () => {
    // (-inf,1]: 0, (1,2]: 10, (2,4]: 10, (4,+inf): 0
    expect(quantileOf(0.5, [1, 2, 4], [0, 10, 10, 0])).toBe(2);
    expect(quantileOf(0.25, [1, 2, 4], [0, 10, 10, 0])).toBe(1.5);
    expect(quantileOf(0.99, [1, 2, 4], [0, 10, 10, 0])).toBeCloseTo(3.96);
  });

  it('starts the first bucket at min (else 0), answers the open last bucket with max, and stays within [min, max]', () => {
    expect(quantileOf(0.5, [10], [4, 0], 2)).toBe(6);
    expect(quantileOf(0.5, [10], [4, 0])).toBe(5);
    expect(quantileOf(0.99, [10], [0, 4], 12, 30)).toBe(30);
    expect(quantileOf(0.99, [10], [0, 4])).toBe(10);
    expect(quantileOf(0.99, [1, 2, 4], [0, 10, 10, 0], 1.2, 3.1)).toBe(3.1);
  });

  it('has no answer for an empty histogram', () => {
    expect(quantileOf(0.5, [1, 2], [0, 0, 0])).toBeUndefined();
  });
});

describe('metric points as the collector decodes them', () => {
  it('keep histogram buckets, estimates, temporality and exemplars (trace and span ids as hex)', async () => {
    const collector = await startDevCollector({ grpcPort: 0, httpPort: 0, webPort: false });
    try {
      const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
      const spanId = '00f067aa0ba902b7';
      const body = encodeRequest('metrics', {
        resourceMetrics: [
          {
            resource: { attributes: [{ key: 'service.name', value: { stringValue: 'hand-made' } }] },
            scopeMetrics: [
              {
                metrics: [
                  {
                    name: 'rpc.server.duration',
                    unit: 'ms',
                    histogram: {
                      aggregationTemporality: 1,
                      dataPoints: [
                        {
                          timeUnixNano: '1700000000000000000',
                          count: 4,
                          sum: 50,
                          min: 2,
                          max: 30,
                          bucketCounts: [2, 2, 0],
                          explicitBounds: [10, 20],
                          exemplars: [
                            {
                              timeUnixNano: '1700000000000000000',
                              asDouble: 18,
                              traceId: Buffer.from(traceId, 'hex').toString('base64'),
                              spanId: Buffer.from(spanId, 'hex').toString('base64'),
                            },
                          ],
                        },
                      ],
                    },
                  },
                ],
              },
            ],
          },
        ],
      });
      const response = await fetch(`${collector.httpUrl}/v1/metrics`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-protobuf' },
        body,
      });
      expect(response.status).toBe(200);
      const [received, ...others] = collector.store.metrics;
      expect(others).toEqual([]);
      expect(received?.histogram?.p99).toBeCloseTo(19.8);
      expect(received).toMatchObject({
        service: 'hand-made',
        type: 'histogram',
        temporality: 'delta',
        count: 4,
        value: 50,
        timeMs: 1_700_000_000_000,
        histogram: {
          explicitBounds: [10, 20],
          bucketCounts: [2, 2, 0],
          min: 2,
          max: 30,
          p50: 10,
        },
        exemplars: [{ value: 18, timeMs: 1_700_000_000_000, traceId, spanId }],
      });
    } finally {
      await collector.close();
    }
  });
});
