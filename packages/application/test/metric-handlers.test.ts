import { describe, expect, it } from 'vitest';
import {
  InitializeSDKCommand,
  RecordCounterCommand,
  RecordGaugeCommand,
  RecordHistogramCommand,
  RecordMetricCommand,
  ShutdownSDKCommand,
} from '../src/index.js';
import { makeSdk } from './fakes.js';

const running = (overrides = {}) => {
  const sdk = makeSdk(overrides);
  sdk.commands.dispatch(new InitializeSDKCommand(sdk.state.config));
  return sdk;
};

describe('metric handlers', () => {
  it('record counters, gauges, histograms and generic metrics on the metrics port', () => {
    const { commands, ports, stats } = running();
    expect(commands.dispatch(new RecordCounterCommand('http.requests', 2, { route: '/a' }))).toBe(true);
    expect(commands.dispatch(new RecordGaugeCommand('queue.size', -3))).toBe(true);
    expect(commands.dispatch(new RecordHistogramCommand('latency', 0.25, 's'))).toBe(true);
    expect(commands.dispatch(new RecordMetricCommand('temperature', 21.5, 'Cel', { room: 'a' }))).toBe(true);
    expect(ports.metrics.records).toEqual([
      { kind: 'counter', name: 'http.requests', value: 2, attributes: { route: '/a' } },
      { kind: 'gauge', name: 'queue.size', value: -3, unit: '', attributes: undefined },
      { kind: 'histogram', name: 'latency', value: 0.25, unit: 's', attributes: undefined },
      { kind: 'gauge', name: 'temperature', value: 21.5, unit: 'Cel', attributes: { room: 'a' } },
    ]);
    expect(stats.recorded('metrics')).toBe(4);
    expect(stats.invalid('metrics')).toBe(0);
  });

  it.each([
    ['an empty name', new RecordCounterCommand('', 1), "counter: invalid instrument name ''"],
    [
      'a name starting with a digit',
      new RecordGaugeCommand('1abc', 1),
      "gauge: invalid instrument name '1abc'",
    ],
    ['a name with spaces', new RecordHistogramCommand('a b', 1), "histogram: invalid instrument name 'a b'"],
    [
      'a 256-character name',
      new RecordMetricCommand('a'.repeat(256), 1),
      `metric: invalid instrument name '${'a'.repeat(64)}…'`,
    ],
    [
      'a non-string name',
      new RecordCounterCommand(42 as never),
      'counter: invalid instrument name (a number)',
    ],
    [
      'a negative counter value',
      new RecordCounterCommand('c', -1),
      "counter 'c': value must be a finite number >= 0",
    ],
    [
      'a negative histogram value',
      new RecordHistogramCommand('h', -0.1),
      "histogram 'h': value must be a finite number >= 0",
    ],
    ['a NaN gauge', new RecordGaugeCommand('g', Number.NaN), "gauge 'g': value must be a finite number"],
    [
      'an infinite metric',
      new RecordMetricCommand('m', Number.POSITIVE_INFINITY),
      "metric 'm': value must be a finite number",
    ],
    [
      'a string value',
      new RecordCounterCommand('c', '5' as never),
      "counter 'c': value must be a finite number >= 0",
    ],
    ['a bigint value', new RecordGaugeCommand('g', 5n as never), "gauge 'g': value must be a finite number"],
  ])('drop and count %s', (_case, command, reason) => {
    const { commands, ports, stats } = running();
    expect(commands.dispatch(command)).toBe(false);
    expect(ports.metrics.records).toEqual([]);
    expect(stats.invalid('metrics')).toBe(1);
    expect(stats.recorded('metrics')).toBe(0);
    expect(stats.lastInvalidReason).toBe(reason);
  });

  it('accept the longest valid name and the name characters OTel allows', () => {
    const { commands } = running();
    expect(commands.dispatch(new RecordCounterCommand(`a${'b'.repeat(254)}`))).toBe(true);
    expect(commands.dispatch(new RecordCounterCommand('A_b.c/d-e9'))).toBe(true);
  });

  it('drop and count a name the port refuses because another instrument kind has it', () => {
    const { commands, ports, stats } = running();
    ports.metrics.taken.add('jobs');
    // The attributes are still cleaned, and an unusable one counted, as for any valid name and value.
    expect(commands.dispatch(new RecordGaugeCommand('jobs', 3, { '': 'no key', queue: 'a' }))).toBe(false);
    expect(stats.droppedAttributes).toBe(1);
    expect(stats.invalid('metrics')).toBe(1);
    expect(stats.lastInvalidReason).toBe(
      "gauge 'jobs': the name is already used by another kind of instrument",
    );
  });

  it('take a unit given after a first use without one, and keep no unit (an instrument of none makes no claim)', () => {
    const { commands, ports, stats } = running();
    expect(commands.dispatch(new RecordMetricCommand('cpu', 1))).toBe(true);
    expect(commands.dispatch(new RecordMetricCommand('cpu', 2, '%'))).toBe(true);
    expect(commands.dispatch(new RecordGaugeCommand('queue', 3))).toBe(true); // gauges keep no unit
    expect(ports.metrics.records.map((r) => [r.value, r.unit])).toEqual([
      [1, ''],
      [2, ''],
      [3, ''],
    ]);
    expect(stats.invalid('metrics')).toBe(0);
  });

  it('ignore an invalid unit but keep the value', () => {
    const { commands, ports } = running();
    commands.dispatch(new RecordHistogramCommand('h', 1, 'µs'));
    commands.dispatch(new RecordMetricCommand('m', 1, 'x'.repeat(64)));
    commands.dispatch(new RecordMetricCommand('n', 1, 7 as never));
    expect(ports.metrics.records.map((r) => r.unit)).toEqual(['', '', '']);
  });

  it('record nothing and count nothing before initialize or with metrics disabled', () => {
    const stopped = makeSdk();
    expect(stopped.commands.dispatch(new RecordCounterCommand('c'))).toBe(false);
    const disabled = running({ enableMetrics: false });
    expect(disabled.commands.dispatch(new RecordGaugeCommand('g', 1))).toBe(false);
    for (const sdk of [stopped, disabled]) {
      expect(sdk.ports.metrics.records).toEqual([]);
      expect(sdk.stats.recorded('metrics') + sdk.stats.invalid('metrics')).toBe(0);
    }
  });

  it('check every call of a name already held: values refused, attributes cleaned and counted', () => {
    const { commands, ports, stats } = running();
    expect(commands.dispatch(new RecordCounterCommand('jobs', 1, { queue: 'a' }))).toBe(true);
    // Later calls of the held name take the short path only when value and attributes are clean.
    expect(commands.dispatch(new RecordCounterCommand('jobs', -1, { queue: 'a' }))).toBe(false);
    expect(stats.lastInvalidReason).toBe("counter 'jobs': value must be a finite number >= 0");
    const dirty = { queue: 'b', retries: 2n, '': 'no key', at: undefined } as never;
    expect(commands.dispatch(new RecordCounterCommand('jobs', 2, dirty))).toBe(true);
    expect(commands.dispatch(new RecordCounterCommand('jobs', 3, ['x'] as never))).toBe(true);
    expect(ports.metrics.records.map((r) => [r.value, r.attributes])).toEqual([
      [1, { queue: 'a' }],
      [2, { queue: 'b', retries: '2' }],
      [3, undefined],
    ]);
    expect(stats.invalid('metrics')).toBe(1);
    expect(stats.recorded('metrics')).toBe(3);
    expect(stats.droppedAttributes).toBe(3); // the empty key, the undefined value, the array record
  });

  it('ask the port for a name’s instrument once per run, with the first call’s unit, and only for valid input', async () => {
    const sdk = running();
    const { commands, ports, stats } = sdk;
    commands.dispatch(new RecordHistogramCommand('latency', -1, 'ms')); // refused: no instrument yet
    expect(ports.metrics.instrumentCalls).toBe(0);
    expect(commands.dispatch(new RecordHistogramCommand('latency', 5, 'ms'))).toBe(true);
    // Another unit would put seconds in a series of milliseconds: refused. No unit, or an invalid
    // one, is the first use's.
    expect(commands.dispatch(new RecordHistogramCommand('latency', 7, 's'))).toBe(false);
    expect(stats.lastInvalidReason).toBe(
      "histogram 'latency': unit 's' differs from 'ms', the unit of the name's first use",
    );
    expect(commands.dispatch(new RecordHistogramCommand('latency', 9))).toBe(true);
    expect(commands.dispatch(new RecordHistogramCommand('latency', 10, 'µs'))).toBe(true);
    expect(ports.metrics.instrumentCalls).toBe(1);
    expect(ports.metrics.records.map((r) => [r.value, r.unit])).toEqual([
      [5, 'ms'],
      [9, 'ms'],
      [10, 'ms'],
    ]);
    expect(stats.invalid('metrics')).toBe(2);
    // A new run (shutdown, initialize) has a new engine: the instruments of the last one are let go.
    await commands.dispatch(new ShutdownSDKCommand(1_000));
    commands.dispatch(new InitializeSDKCommand(sdk.state.config));
    commands.dispatch(new RecordHistogramCommand('latency', 11, 's'));
    expect(ports.metrics.instrumentCalls).toBe(2);
    expect(ports.metrics.records.at(-1)).toMatchObject({ value: 11, unit: 's' });
  });
});
