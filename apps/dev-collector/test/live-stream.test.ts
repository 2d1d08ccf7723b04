import { describe, expect, it } from 'vitest';
import { COLOR, LiveStream, PLAIN, cleanNumber, formatLog } from '../src/index.js';
import type { MetricPointView, Views } from '../src/index.js';

const counter = (value: number, route: string): MetricPointView => ({
  service: 'svc',
  name: 'http.requests.total',
  unit: '',
  type: 'sum',
  attributes: { 'http.route': route },
  value,
  count: undefined,
  timeMs: 1000,
  temporality: 'cumulative',
  histogram: undefined,
  exemplars: [],
});

const metrics = (...points: MetricPointView[]): Views => ({ spans: [], logs: [], metrics: points });

describe('LiveStream', () => {
  it('prints a metric point only when it changed since the stream last printed its series', () => {
    const live = new LiveStream(PLAIN);
    expect(live.format('metrics', metrics(counter(1, '/'), counter(2, '/users')), 'grpc')).toEqual([
      '▸ 2 metric points via grpc',
      '  http.requests.total{http.route=/} sum sum=1',
      '  http.requests.total{http.route=/users} sum sum=2',
    ]);
    // Shutdown re-exports the same cumulative points: one line, not the block again.
    expect(live.format('metrics', metrics(counter(1, '/'), counter(2, '/users')), 'grpc')).toEqual([
      '▸ 2 metric points via grpc, unchanged',
    ]);
    expect(live.format('metrics', metrics(counter(1, '/'), counter(3, '/users')), 'http')).toEqual([
      '▸ 2 metric points via http, 1 unchanged',
      '  http.requests.total{http.route=/users} sum sum=3',
    ]);
  });

  it('without detail, prints one line per export', () => {
    const live = new LiveStream(PLAIN, { detail: false });
    const log = {
      service: 'svc',
      timeMs: 0,
      severity: 'INFO',
      body: 'hi',
      traceId: undefined,
      spanId: undefined,
    };
    expect(
      live.format('logs', { spans: [], logs: [{ ...log, attributes: {} }], metrics: [] }, 'grpc'),
    ).toEqual(['▸ 1 logs via grpc']);
    expect(live.format('metrics', metrics(counter(1, '/')), 'grpc')).toEqual(['▸ 1 metric points via grpc']);
  });
});

describe('numbers in the terminal', () => {
  it('carry no float noise', () => {
    expect(cleanNumber(0.0023351799999998092)).toBe('0.00233518');
    expect(cleanNumber(0.1 + 0.2)).toBe('0.3');
    expect(cleanNumber(1234567.891)).toBe('1234567.891');
    expect(cleanNumber(42)).toBe('42');
    const line = formatLog(
      {
        service: 'svc',
        timeMs: 0,
        severity: 'ERROR',
        body: 'HTTP 500',
        traceId: undefined,
        spanId: undefined,
        attributes: { duration_s: 0.0019409200000000055 },
      },
      PLAIN,
    );
    expect(line).toContain('{duration_s=0.00194092}');
  });
});

describe('formatLog', () => {
  it('colours severity text by level, whatever its case (pino sends error, the client ERROR)', () => {
    const base = {
      service: 'svc',
      timeMs: 0,
      body: 'x',
      traceId: undefined,
      spanId: undefined,
      attributes: {},
    };
    for (const severity of ['error', 'ERROR', 'Error2']) {
      expect(formatLog({ ...base, severity }, COLOR)).toContain(`\u001b[31m${severity.padEnd(5)}\u001b[0m`);
    }
    expect(formatLog({ ...base, severity: 'warn' }, COLOR)).toContain('\u001b[33mwarn \u001b[0m');
  });
});
