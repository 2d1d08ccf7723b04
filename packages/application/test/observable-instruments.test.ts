import { describe, expect, it } from 'vitest';
import { InitializeSDKCommand, ObserveInstrumentCommand, ShutdownSDKCommand } from '../src/index.js';
import type { Observer } from '../src/index.js';
import { makeSdk } from './fakes.js';

describe('observable instruments', () => {
  it('registers before initialize and after shutdown (registrations outlive a generation), and unregisters', async () => {
    const sdk = makeSdk();
    const { commands, ports, stats } = sdk;
    const unregister = commands.dispatch(
      new ObserveInstrumentCommand('gauge', 'queue.depth', (o) => o.observe(5, { queue: 'a' }), {
        unit: '{message}',
      }),
    );
    expect(typeof unregister).toBe('function');
    expect(ports.metrics.observables.get('queue.depth')).toMatchObject({ kind: 'gauge', unit: '{message}' });
    commands.dispatch(new InitializeSDKCommand(sdk.state.config));
    await ports.metrics.collectAll();
    expect(ports.metrics.records).toEqual([
      { kind: 'gauge', name: 'queue.depth', value: 5, unit: '{message}', attributes: { queue: 'a' } },
    ]);
    expect(stats.recorded('metrics')).toBe(1);
    await commands.dispatch(new ShutdownSDKCommand(100));
    unregister?.();
    expect(ports.metrics.observables.size).toBe(0);
  });

  it('drops and counts invalid observations, keeping the valid ones of the same callback', async () => {
    const { commands, ports, stats } = makeSdk();
    commands.dispatch(
      new ObserveInstrumentCommand('counter', 'bytes.read', (o: Observer) => {
        o.observe(-1);
        o.observe(Number.NaN);
        o.observe(10, { disk: 'a' });
      }),
    );
    await ports.metrics.collectAll();
    expect(ports.metrics.records.map((r) => [r.value, r.attributes])).toEqual([[10, { disk: 'a' }]]);
    expect(stats.invalid('metrics')).toBe(2);
    expect(stats.recorded('metrics')).toBe(1);
  });

  it('counts a callback that throws or rejects as invalid input, and never lets it out', async () => {
    const { commands, ports, stats } = makeSdk();
    commands.dispatch(
      new ObserveInstrumentCommand('gauge', 'a', () => {
        throw new Error('boom');
      }),
    );
    commands.dispatch(
      new ObserveInstrumentCommand('upDownCounter', 'b', () => Promise.reject(new Error('later'))),
    );
    await expect(ports.metrics.collectAll()).resolves.toBeUndefined();
    expect(stats.invalid('metrics')).toBe(2);
    expect(stats.lastInvalidReason).toBe("observable up-down counter 'b': its callback threw: later");
  });

  it('refuses an invalid name, a callback that is not a function, a taken name, and metrics turned off', () => {
    const { commands, ports, stats } = makeSdk();
    ports.metrics.taken.add('taken');
    expect(commands.dispatch(new ObserveInstrumentCommand('gauge', '1bad', () => undefined))).toBeUndefined();
    expect(commands.dispatch(new ObserveInstrumentCommand('gauge', 'ok', 'no' as never))).toBeUndefined();
    expect(
      commands.dispatch(new ObserveInstrumentCommand('counter', 'taken', () => undefined)),
    ).toBeUndefined();
    expect(stats.lastInvalidReason).toBe(
      "observable counter 'taken': the name is already used by another kind of instrument",
    );
    expect(stats.invalid('metrics')).toBe(3);
    const off = makeSdk({ enableMetrics: false });
    expect(
      off.commands.dispatch(new ObserveInstrumentCommand('gauge', 'x', () => undefined)),
    ).toBeUndefined();
    expect(off.ports.metrics.observables.size).toBe(0);
  });
});
