import { describe, expect, it } from 'vitest';
import {
  AggregateMetricsQuery,
  GetLogsQuery,
  GetMetricQuery,
  GetTraceQuery,
  NoHandlerError,
  SearchTracesQuery,
  createSdk,
} from '../src/index.js';
import type { TelemetryReadPort } from '../src/index.js';
import {
  FakeLifecycle,
  FakeLogging,
  FakeMetrics,
  FakeStatus,
  FakeTracing,
  makeConfig,
  makeSdk,
} from './fakes.js';

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
        seen.push(`${q.type}:${q.options.limit}`),
        { logs: [], totalCount: 0, hasMore: false }
      ),
      getTrace: async (q) => (seen.push(q.type), undefined),
      searchTraces: async (q) => (seen.push(q.type), []),
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
    expect(await queries.dispatch(new GetTraceQuery('t'))).toBeUndefined();
    expect(await queries.dispatch(new SearchTracesQuery())).toEqual([]);
    expect(seen).toEqual(['GetMetric', 'AggregateMetrics', 'GetLogs:100', 'GetTrace', 'SearchTraces']);
  });
});
