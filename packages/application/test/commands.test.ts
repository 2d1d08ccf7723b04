import { SeverityLevel, SpanKind } from '@telemetryflow/domain';
import { describe, expect, it } from 'vitest';
import {
  AddSpanEventCommand,
  AggregateMetricsQuery,
  EmitBatchLogsCommand,
  EmitLogCommand,
  EndSpanCommand,
  FlushTelemetryCommand,
  GetHealthQuery,
  GetLogsQuery,
  GetMetricQuery,
  GetSDKStatusQuery,
  GetTraceQuery,
  InitializeSDKCommand,
  RecordCounterCommand,
  RecordGaugeCommand,
  RecordHistogramCommand,
  RecordMetricCommand,
  SearchTracesQuery,
  ShutdownSDKCommand,
  StartSpanCommand,
} from '../src/index.js';
import { makeConfig } from './fakes.js';

describe('commands and queries', () => {
  it('carry a literal type; lifecycle commands and queries a creation timestamp in epoch milliseconds', () => {
    const before = Date.now();
    const config = makeConfig();
    const timestamped = [
      [new InitializeSDKCommand(config), 'InitializeSDK'],
      [new ShutdownSDKCommand(), 'ShutdownSDK'],
      [new FlushTelemetryCommand(), 'FlushTelemetry'],
      [new GetSDKStatusQuery(), 'GetSDKStatus'],
      [new GetHealthQuery(), 'GetHealth'],
      [new GetMetricQuery('m'), 'GetMetric'],
      [new AggregateMetricsQuery('m'), 'AggregateMetrics'],
      [new GetLogsQuery(), 'GetLogs'],
      [new GetTraceQuery('4bf92f3577b34da6a3ce929d0e0e4736'), 'GetTrace'],
      [new SearchTracesQuery(), 'SearchTraces'],
    ] as const;
    const after = Date.now();
    for (const [message, type] of timestamped) {
      expect(message.type).toBe(type);
      expect(message.timestamp).toBeGreaterThanOrEqual(before - 1);
      expect(message.timestamp).toBeLessThanOrEqual(after + 1);
    }
  });

  it('read no clock when they record (the engine stamps the items it makes)', () => {
    const recording = [
      [new RecordMetricCommand('m', 1), 'RecordMetric'],
      [new RecordCounterCommand('c'), 'RecordCounter'],
      [new RecordGaugeCommand('g', 1), 'RecordGauge'],
      [new RecordHistogramCommand('h', 1), 'RecordHistogram'],
      [new EmitLogCommand('hello'), 'EmitLog'],
      [new EmitBatchLogsCommand([]), 'EmitBatchLogs'],
      [new StartSpanCommand('s'), 'StartSpan'],
      [new EndSpanCommand('0000000000000001'), 'EndSpan'],
      [new AddSpanEventCommand('0000000000000001', 'e'), 'AddSpanEvent'],
    ] as const;
    for (const [message, type] of recording) {
      expect(message.type).toBe(type);
      expect(message).not.toHaveProperty('timestamp');
    }
  });

  it('have the reference defaults', () => {
    expect(new ShutdownSDKCommand().timeoutMs).toBe(30_000);
    expect(new FlushTelemetryCommand().timeoutMs).toBe(30_000);
    expect(new RecordCounterCommand('c')).toMatchObject({ value: 1, attributes: undefined });
    expect(new RecordMetricCommand('m', 2)).toMatchObject({ unit: '', attributes: undefined });
    expect(new RecordHistogramCommand('h', 2)).toMatchObject({ unit: '' });
    expect(new EmitLogCommand('x')).toMatchObject({ severity: SeverityLevel.INFO, spanId: undefined });
    expect(new StartSpanCommand('s')).toMatchObject({ kind: SpanKind.INTERNAL, parentSpanId: undefined });
    expect(new EndSpanCommand('id')).toMatchObject({ error: undefined, failed: false });
    expect(new GetHealthQuery().includeComponents).toBe(true);
    expect(new GetLogsQuery().options).toEqual({ limit: 100, offset: 0 });
    expect(new GetLogsQuery({ limit: 5, severity: SeverityLevel.ERROR }).options).toEqual({
      limit: 5,
      offset: 0,
      severity: 'error',
    });
    expect(new SearchTracesQuery({ serviceName: 's' }).options).toEqual({ limit: 100, serviceName: 's' });
    expect(new AggregateMetricsQuery('m').range).toEqual({});
  });

  it('keep what they are given', () => {
    const error = new Error('x');
    expect(new EndSpanCommand('abc', error)).toMatchObject({ spanId: 'abc', error, failed: true });
    expect(new EndSpanCommand('abc', undefined, true)).toMatchObject({ error: undefined, failed: true });
    expect(new StartSpanCommand('s', SpanKind.SERVER, { a: 1 }, 'p')).toMatchObject({
      name: 's',
      kind: 'server',
      attributes: { a: 1 },
      parentSpanId: 'p',
    });
    const log = new EmitLogCommand('m', SeverityLevel.WARN, { k: 'v' }, 'sid');
    expect(new EmitBatchLogsCommand([log]).logs).toEqual([log]);
  });
});
