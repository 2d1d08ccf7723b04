import { describe, expect, it } from 'vitest';
import { InitializeSDKCommand, RecordCounterCommand, RecordHistogramCommand } from '../src/index.js';
import { makeConfig, makeSdk } from './fakes.js';

describe('Sdk.recorders', () => {
  it('are the handlers the command bus dispatches to: both ways validate, record and count alike', () => {
    const sdk = makeSdk();
    sdk.commands.dispatch(new InitializeSDKCommand(makeConfig()));
    expect(sdk.commands.dispatch(new RecordCounterCommand('orders', 1))).toBe(true);
    expect(sdk.recorders.RecordCounter.handle(new RecordCounterCommand('orders', 2))).toBe(true);
    expect(sdk.recorders.RecordCounter.handle(new RecordCounterCommand('bad name!', 1))).toBe(false);
    expect(sdk.ports.metrics.records.map((r) => r.value)).toEqual([1, 2]);
    expect(sdk.stats.recorded('metrics')).toBe(2);
    expect(sdk.stats.invalid('metrics')).toBe(1);
  });

  it('record a metric value alike from a command (handle) and from its fields (recordValue)', () => {
    const sdk = makeSdk({ attributeValueLengthLimit: 3 });
    sdk.commands.dispatch(new InitializeSDKCommand(makeConfig()));
    const histogram = sdk.recorders.RecordHistogram;
    expect(histogram.handle(new RecordHistogramCommand('latency', 5, 'ms', { route: '/orders' }))).toBe(true);
    expect(histogram.recordValue('latency', 5, 'ms', { route: '/orders' })).toBe(true);
    const [fromCommand, fromFields] = sdk.ports.metrics.records;
    expect(fromFields).toEqual(fromCommand);
    expect(fromFields).toMatchObject({ unit: 'ms', attributes: { route: '/or' } });
    // The same checks: a negative histogram value, an invalid name, a non-number.
    expect(histogram.recordValue('latency', -1, 'ms', undefined)).toBe(false);
    expect(sdk.recorders.RecordCounter.recordValue('bad name!', 1, '', undefined)).toBe(false);
    expect(sdk.recorders.RecordGauge.recordValue('queue', Number.NaN, '', undefined)).toBe(false);
    expect(sdk.stats.recorded('metrics')).toBe(2);
    expect(sdk.stats.invalid('metrics')).toBe(3);
  });

  it('apply the configured metric attribute limits before the port sees the attributes', () => {
    const sdk = makeSdk({ attributeCountLimit: 1, attributeValueLengthLimit: 3 });
    sdk.commands.dispatch(new InitializeSDKCommand(makeConfig()));
    sdk.recorders.RecordCounter.handle(new RecordCounterCommand('orders', 1, { a: 'abcdef', b: 'x' }));
    expect(sdk.ports.metrics.records[0]?.attributes).toEqual({ a: 'abc' });
  });
});
