import { SeverityLevel } from '@telemetryflow/domain';
import { describe, expect, it } from 'vitest';
import { EmitBatchLogsCommand, EmitLogCommand, InitializeSDKCommand } from '../src/index.js';
import { makeSdk } from './fakes.js';

const running = (overrides = {}) => {
  const sdk = makeSdk(overrides);
  sdk.commands.dispatch(new InitializeSDKCommand(sdk.state.config));
  return sdk;
};

describe('log handlers', () => {
  it('emit a log record with severity, attributes and span id', () => {
    const { commands, ports, stats } = running();
    const command = new EmitLogCommand('paid', SeverityLevel.WARN, { order: 7 }, 'abcdef0123456789');
    expect(commands.dispatch(command)).toBe(true);
    expect(ports.logging.records).toEqual([
      {
        message: 'paid',
        severity: 'warn',
        attributes: { order: 7 },
        spanId: 'abcdef0123456789',
      },
    ]);
    expect(stats.recorded('logs')).toBe(1);
  });

  it('turn an unknown severity into INFO and a non-string message into text', () => {
    const { commands, ports } = running();
    commands.dispatch(new EmitLogCommand({ order: 1 } as never, 'loud' as never));
    commands.dispatch(
      new EmitLogCommand(new Error('disk full') as never, SeverityLevel.FATAL, undefined, ''),
    );
    expect(ports.logging.records.map((r) => [r.message, r.severity, r.spanId])).toEqual([
      ['{"order":1}', 'info', undefined],
      ['disk full', 'fatal', undefined],
    ]);
  });

  it('drop and count an empty message', () => {
    const { commands, ports, stats } = running();
    expect(commands.dispatch(new EmitLogCommand(''))).toBe(false);
    expect(commands.dispatch(new EmitLogCommand(undefined as never))).toBe(false);
    expect(ports.logging.records).toEqual([]);
    expect(stats.invalid('logs')).toBe(2);
    expect(stats.lastInvalidReason).toBe('log message is empty');
  });

  it('emit nothing before initialize or with logs disabled', () => {
    for (const sdk of [makeSdk(), running({ enableLogs: false })]) {
      expect(sdk.commands.dispatch(new EmitLogCommand('x'))).toBe(false);
      expect(sdk.ports.logging.records).toEqual([]);
    }
  });

  it('emit a batch and return how many were emitted', () => {
    const { commands, ports } = running();
    const batch = new EmitBatchLogsCommand([
      new EmitLogCommand('a'),
      new EmitLogCommand(''),
      new EmitLogCommand('c'),
    ]);
    expect(commands.dispatch(batch)).toBe(2);
    expect(ports.logging.records.map((r) => r.message)).toEqual(['a', 'c']);
    expect(commands.dispatch(new EmitBatchLogsCommand('nope' as never))).toBe(0);
  });
});
