import { TelemetryFlowError } from '@telemetryflow/domain';
import { describe, expect, it } from 'vitest';
import {
  AggregateMetricsQuery,
  GetLogsQuery,
  GetMetricQuery,
  GetTraceQuery,
  InvalidQueryError,
  MAX_QUERY_LIMIT,
  NoHandlerError,
  SearchTracesQuery,
  createSdk,
} from '../src/index.js';
import type { GetLogsOptions, SearchTracesOptions, TelemetryReadPort } from '../src/index.js';
import {
  FakeLifecycle,
  FakeLogging,
  FakeMetrics,
  FakeStatus,
  FakeTracing,
  makeConfig,
  makeSdk,
} from './fakes.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

/** The problems' fields of the `InvalidQueryError` that `make` throws. */
const problemFields = (make: () => unknown): string[] => {
  try {
    make();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidQueryError);
    expect(error).toBeInstanceOf(TelemetryFlowError);
    expect((error as InvalidQueryError).code).toBe('TF_INVALID_QUERY');
    return (error as InvalidQueryError).problems.map((p) => p.field);
  }
  throw new Error('expected an InvalidQueryError');
};

describe('read-side queries', () => {
  it('have no handler without a read port', () => {
    const { queries } = makeSdk();
    expect(() => queries.dispatch(new GetMetricQuery('m'))).toThrow(NoHandlerError);
  });

  it('are answered by the read port when one is given', async () => {
    const seen: string[] = [];
    const read: TelemetryReadPort = {
      getMetric: async (q) => (
        seen.push(q.type),
        { name: q.name, value: 1, unit: '', timestamp: 0, attributes: {} }
      ),
      aggregateMetrics: async (q) => (seen.push(q.type), undefined),
      getLogs: async (q) => (
        seen.push(`${q.type}:${q.options.limit}:${q.options.offset}`),
        { logs: [], totalCount: 0, hasMore: false }
      ),
      getTrace: async (q) => (seen.push(`${q.type}:${q.traceId}`), undefined),
      searchTraces: async (q) => (seen.push(`${q.type}:${q.options.limit}`), []),
    };
    const ports = {
      lifecycle: new FakeLifecycle(),
      metrics: new FakeMetrics(),
      tracing: new FakeTracing(),
      logging: new FakeLogging(),
      status: new FakeStatus(),
      read,
    };
    const { queries } = createSdk(ports, makeConfig(), '1.0.0');
    expect(await queries.dispatch(new GetMetricQuery('cpu'))).toMatchObject({ name: 'cpu', value: 1 });
    expect(await queries.dispatch(new AggregateMetricsQuery('cpu'))).toBeUndefined();
    expect(await queries.dispatch(new GetLogsQuery())).toEqual({ logs: [], totalCount: 0, hasMore: false });
    expect(await queries.dispatch(new GetTraceQuery(TRACE_ID.toUpperCase()))).toBeUndefined();
    expect(await queries.dispatch(new SearchTracesQuery())).toEqual([]);
    expect(seen).toEqual([
      'GetMetric',
      'AggregateMetrics',
      'GetLogs:100:0',
      `GetTrace:${TRACE_ID}`,
      'SearchTraces:100',
    ]);
  });
});

describe('read query validation', () => {
  it('requires a metric name, as the reference does', () => {
    expect(problemFields(() => new GetMetricQuery(''))).toEqual(['name']);
    expect(problemFields(() => new GetMetricQuery('  '))).toEqual(['name']);
    expect(problemFields(() => new AggregateMetricsQuery(undefined as never))).toEqual(['name']);
    expect(() => new GetMetricQuery('')).toThrow('Invalid GetMetric query: name is required');
  });

  it('requires a trace id of 32 hex digits, kept in lowercase', () => {
    expect(problemFields(() => new GetTraceQuery(''))).toEqual(['traceId']);
    expect(problemFields(() => new GetTraceQuery('abc'))).toEqual(['traceId']);
    expect(problemFields(() => new GetTraceQuery(`${TRACE_ID.slice(1)}g`))).toEqual(['traceId']);
    expect(new GetTraceQuery(TRACE_ID.toUpperCase()).traceId).toBe(TRACE_ID);
    expect(new GetLogsQuery({ traceId: TRACE_ID.toUpperCase() }).options.traceId).toBe(TRACE_ID);
    expect(problemFields(() => new GetLogsQuery({ traceId: 'nope' }))).toEqual(['traceId']);
  });

  it.each([0, -1, 1.5, MAX_QUERY_LIMIT + 1, Number.NaN])('refuses limit %s', (limit) => {
    expect(problemFields(() => new GetLogsQuery({ limit }))).toEqual(['limit']);
    expect(problemFields(() => new SearchTracesQuery({ limit }))).toEqual(['limit']);
  });

  it('takes limits from 1 to MAX_QUERY_LIMIT and defaults them to 100', () => {
    expect(new GetLogsQuery({ limit: 1 }).options.limit).toBe(1);
    expect(new SearchTracesQuery({ limit: MAX_QUERY_LIMIT }).options.limit).toBe(MAX_QUERY_LIMIT);
    // An explicit `undefined` is the default too, not a missing limit.
    expect(new GetLogsQuery({ limit: undefined, offset: undefined }).options).toMatchObject({
      limit: 100,
      offset: 0,
    });
    expect(new SearchTracesQuery({ limit: undefined }).options.limit).toBe(100);
  });

  it('refuses a negative or fractional offset', () => {
    expect(problemFields(() => new GetLogsQuery({ offset: -1 }))).toEqual(['offset']);
    expect(problemFields(() => new GetLogsQuery({ offset: 0.5 }))).toEqual(['offset']);
    expect(new GetLogsQuery({ offset: 200 }).options.offset).toBe(200);
  });

  it('refuses an unknown severity and a text that is not a string', () => {
    const options = { severity: 'loud', text: 42 } as unknown as GetLogsOptions;
    expect(problemFields(() => new GetLogsQuery(options))).toEqual(['severity', 'text']);
    expect(new GetLogsQuery({ severity: 'warn', text: 'disk' }).options).toMatchObject({
      severity: 'warn',
      text: 'disk',
    });
  });

  it('refuses negative durations and min above max', () => {
    expect(problemFields(() => new SearchTracesQuery({ minDurationMs: -1 }))).toEqual(['minDurationMs']);
    expect(problemFields(() => new SearchTracesQuery({ maxDurationMs: Infinity }))).toEqual([
      'maxDurationMs',
    ]);
    expect(problemFields(() => new SearchTracesQuery({ minDurationMs: 20, maxDurationMs: 10 }))).toEqual([
      'minDurationMs',
    ]);
    expect(new SearchTracesQuery({ minDurationMs: 10, maxDurationMs: 10 }).options).toMatchObject({
      minDurationMs: 10,
      maxDurationMs: 10,
    });
  });

  it('refuses a time range that ends before it starts, or a negative bound', () => {
    expect(problemFields(() => new AggregateMetricsQuery('m', { startTime: 2, endTime: 1 }))).toEqual([
      'startTime',
    ]);
    expect(problemFields(() => new GetLogsQuery({ endTime: -5 }))).toEqual(['endTime']);
    expect(problemFields(() => new SearchTracesQuery({ startTime: 9, endTime: 3 }))).toEqual(['startTime']);
    expect(new AggregateMetricsQuery('m', { startTime: 1, endTime: 1 }).range).toEqual({
      startTime: 1,
      endTime: 1,
    });
  });

  it('refuses attributes that are not an object, and names of the wrong type', () => {
    const bad = { attributes: ['a'], serviceName: 1 } as unknown as SearchTracesOptions;
    expect(problemFields(() => new SearchTracesQuery(bad))).toEqual(['serviceName', 'attributes']);
    expect(problemFields(() => new GetMetricQuery('m', 'x' as never))).toEqual(['attributes']);
  });

  it('lists every problem at once', () => {
    const error = (() => {
      try {
        new GetLogsQuery({ limit: 0, offset: -1, startTime: 5, endTime: 1 });
      } catch (e) {
        return e as InvalidQueryError;
      }
      return undefined;
    })();
    expect(error?.problems.map((p) => p.field)).toEqual(['limit', 'offset', 'startTime']);
    expect(error?.message).toBe(
      `Invalid GetLogs query: limit must be an integer from 1 to ${MAX_QUERY_LIMIT}, got 0; ` +
        'offset must be an integer ≥ 0, got -1; startTime (5) must not exceed endTime (1)',
    );
  });
});
