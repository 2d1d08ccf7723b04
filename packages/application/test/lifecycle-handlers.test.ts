import { describe, expect, it } from 'vitest';
import { FlushTelemetryCommand, InitializeSDKCommand, ShutdownSDKCommand } from '../src/index.js';
import { makeSdk } from './fakes.js';

describe('lifecycle handlers', () => {
  it('initialize starts the engine once and records the start time', () => {
    const { commands, state, ports } = makeSdk();
    const command = new InitializeSDKCommand(state.config);
    commands.dispatch(command);
    commands.dispatch(new InitializeSDKCommand(state.config));
    expect(ports.lifecycle.calls).toEqual(['initialize:orders']);
    expect(state.initialized).toBe(true);
    expect(state.startedAt).toBe(command.timestamp);
  });

  it('initialize leaves the state stopped when the engine throws', () => {
    const { commands, state, ports } = makeSdk();
    ports.lifecycle.failInitialize = true;
    expect(() => commands.dispatch(new InitializeSDKCommand(state.config))).toThrow('engine exploded');
    expect(state.initialized).toBe(false);
  });

  it('shutdown and flush do nothing before initialize', async () => {
    const { commands, ports } = makeSdk();
    await commands.dispatch(new FlushTelemetryCommand(10));
    await commands.dispatch(new ShutdownSDKCommand(10));
    expect(ports.lifecycle.calls).toEqual([]);
  });

  it('flush passes its timeout to the engine', async () => {
    const { commands, state, ports } = makeSdk();
    commands.dispatch(new InitializeSDKCommand(state.config));
    await commands.dispatch(new FlushTelemetryCommand(1234));
    expect(ports.lifecycle.calls).toEqual(['initialize:orders', 'flush:1234']);
  });

  it('shutdown stops recording at once, shuts the engine down, and can be followed by a restart', async () => {
    const { commands, state, ports } = makeSdk();
    commands.dispatch(new InitializeSDKCommand(state.config));
    const done = commands.dispatch(new ShutdownSDKCommand(500));
    expect(state.initialized).toBe(false);
    expect(state.isEnabled('traces')).toBe(false);
    await done;
    await commands.dispatch(new ShutdownSDKCommand(500));
    commands.dispatch(new InitializeSDKCommand(state.config));
    expect(ports.lifecycle.calls).toEqual(['initialize:orders', 'shutdown:500', 'initialize:orders']);
    expect(state.initialized).toBe(true);
  });

  it('enables only the configured signals', () => {
    const { commands, state } = makeSdk({ enableLogs: false });
    expect(state.isEnabled('metrics')).toBe(false);
    commands.dispatch(new InitializeSDKCommand(state.config));
    expect([state.isEnabled('metrics'), state.isEnabled('logs'), state.isEnabled('traces')]).toEqual([
      true,
      false,
      true,
    ]);
  });
});
