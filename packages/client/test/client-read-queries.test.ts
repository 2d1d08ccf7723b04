import { afterEach, describe, expect, it } from 'vitest';
import { InvalidQueryError, TelemetryFlowClient, TelemetryFlowError } from '../src/index.js';
import type {
  AggregateMetricsQuery,
  GetLogsQuery,
  GetMetricQuery,
  GetTraceQuery,
  SearchTracesQuery,
  TelemetryReadPort,
} from '../src/index.js';
import { makeClient, testConfig } from './helpers.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

type ReadQuery = GetMetricQuery | AggregateMetricsQuery | GetLogsQuery | GetTraceQuery | SearchTracesQuery;

/** A read port that records each query and answers with a marker (the store is @telemetryflow/testing's to test). */
class RecordingReadPort implements TelemetryReadPort {
  readonly queries: ReadQuery[] = [];

  async getMetric(q: GetMetricQuery) {
    this.queries.push(q);
    return { name: q.name, value: 42, unit: '', timestamp: 1, attributes: q.attributes ?? {} };
  }

  async aggregateMetrics(q: AggregateMetricsQuery) {
    this.queries.push(q);
    return undefined;
  }

  async getLogs(q: GetLogsQuery) {
    this.queries.push(q);
    return { logs: [], totalCount: 7, hasMore: true };
  }

  async getTrace(q: GetTraceQuery) {
    this.queries.push(q);
    return { traceId: q.traceId, spans: [], durationMs: 0 };
  }

  async searchTraces(q: SearchTracesQuery) {
    this.queries.push(q);
    return [];
  }
}

const clients: TelemetryFlowClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.shutdown()));
});

describe('read queries on the client', () => {
  it('dispatch each query to the read port with its arguments, and return its answer', async () => {
    const read = new RecordingReadPort();
    const { client } = makeClient({}, { read });
    clients.push(client.initialize());
    expect(await client.getMetric('cpu', { core: 1 })).toMatchObject({ name: 'cpu', value: 42 });
    expect(await client.aggregateMetrics('cpu', { startTime: 1, endTime: 2 }, { core: 1 })).toBeUndefined();
    expect(await client.getLogs({ severity: 'error', limit: 5 })).toEqual({
      logs: [],
      totalCount: 7,
      hasMore: true,
    });
    expect(await client.getTrace(TRACE_ID.toUpperCase())).toMatchObject({ traceId: TRACE_ID });
    expect(await client.searchTraces({ serviceName: 'orders' })).toEqual([]);
    expect(read.queries).toMatchObject([
      { type: 'GetMetric', name: 'cpu', attributes: { core: 1 } },
      { type: 'AggregateMetrics', name: 'cpu', range: { startTime: 1, endTime: 2 }, attributes: { core: 1 } },
      { type: 'GetLogs', options: { severity: 'error', limit: 5, offset: 0 } },
      { type: 'GetTrace', traceId: TRACE_ID },
      { type: 'SearchTraces', options: { serviceName: 'orders', limit: 100 } },
    ]);
  });

  it('reject an invalid query with InvalidQueryError, never throwing synchronously', async () => {
    const read = new RecordingReadPort();
    const { client } = makeClient({}, { read });
    let pending: Promise<unknown> | undefined;
    expect(() => {
      pending = client.getLogs({ limit: 0 });
    }).not.toThrow();
    await expect(pending).rejects.toBeInstanceOf(InvalidQueryError);
    await expect(client.getMetric('')).rejects.toMatchObject({ code: 'TF_INVALID_QUERY' });
    await expect(client.getTrace('nope')).rejects.toBeInstanceOf(InvalidQueryError);
    expect(read.queries).toEqual([]);
  });

  it('reject with TF_NO_READ_PORT, naming @telemetryflow/testing, without a read port', async () => {
    const { client } = makeClient();
    clients.push(client.initialize());
    const calls = [
      () => client.getTrace(TRACE_ID),
      () => client.searchTraces(),
      () => client.getMetric('cpu'),
      () => client.aggregateMetrics('cpu'),
      () => client.getLogs(),
    ];
    for (const call of calls) {
      const error = await call().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(TelemetryFlowError);
      expect(error).toMatchObject({
        code: 'TF_NO_READ_PORT',
        message: expect.stringContaining('@telemetryflow/testing') as string,
      });
    }
  });

  it('answer before initialize() and when disabled: they read a store, they record nothing', async () => {
    const read = new RecordingReadPort();
    const { client } = makeClient({}, { read });
    expect(await client.getMetric('cpu')).toMatchObject({ value: 42 });
    const disabled = new TelemetryFlowClient(testConfig(), { disabled: true, read });
    expect(await disabled.getLogs()).toMatchObject({ totalCount: 7 });
    expect(client.options.read).toBe(read);
  });
});
