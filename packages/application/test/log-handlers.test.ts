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

  it("pass a bridge's details on, its severity number setting the severity", () => {
    const { commands, ports } = running();
    const context = { an: 'engine context' };
    const details = { timestamp: 1_700_000_000_123.5, severityNumber: 6, severityText: 'verbose', context };
    expect(commands.dispatch(new EmitLogCommand('cache warmed', SeverityLevel.INFO, {}, '', details))).toBe(
      true,
    );
    expect(ports.logging.records).toEqual([
      {
        message: 'cache warmed',
        severity: 'debug',
        attributes: {},
        spanId: undefined,
        timestamp: 1_700_000_000_123.5,
        severityNumber: 6,
        severityText: 'verbose',
        context,
      },
    ]);
  });

  it.each([
    ['FATAL4', 24, 'fatal'],
    ['TRACE', 1, 'trace'],
    ['WARN3', 15, 'warn'],
    ['ERROR', 17, 'error'],
  ])('map severity number %s (%i) to %s', (_name, severityNumber, severity) => {
    const { commands, ports } = running();
    commands.dispatch(new EmitLogCommand('m', SeverityLevel.INFO, undefined, undefined, { severityNumber }));
    expect(ports.logging.records[0]).toMatchObject({ severity, severityNumber });
  });

  it('ignore unusable details, keeping the defaults, and cut a long severity text', () => {
    const { commands, ports } = running();
    const unusable = [
      { timestamp: Number.NaN, severityNumber: 0, severityText: '', context: 'ctx' },
      { timestamp: -1, severityNumber: 25, severityText: 7 },
      { severityNumber: 9.5 },
      new Proxy(
        {},
        {
          get() {
            throw new Error('unreadable');
          },
        },
      ),
      'not an object',
    ];
    for (const details of unusable) {
      commands.dispatch(new EmitLogCommand('m', SeverityLevel.WARN, undefined, undefined, details as never));
    }
    expect(ports.logging.records).toHaveLength(unusable.length);
    for (const record of ports.logging.records) {
      expect(record).toEqual({ message: 'm', severity: 'warn', attributes: undefined, spanId: undefined });
    }
    commands.dispatch(
      new EmitLogCommand('m', SeverityLevel.INFO, undefined, undefined, { severityText: 'x'.repeat(100) }),
    );
    expect(ports.logging.records.at(-1)?.severityText).toBe('x'.repeat(64));
  });

  it("keep a bridge's structured log without a message, but not one without attributes", () => {
    const { commands, ports, stats } = running();
    expect(commands.dispatch(new EmitLogCommand('', SeverityLevel.INFO, { order: 7 }, undefined, {}))).toBe(
      true,
    );
    expect(commands.dispatch(new EmitLogCommand('', SeverityLevel.INFO, {}, undefined, {}))).toBe(false);
    expect(commands.dispatch(new EmitLogCommand('', SeverityLevel.INFO, { order: 7 }))).toBe(false);
    expect(ports.logging.records.map((r) => [r.message, r.attributes])).toEqual([['', { order: 7 }]]);
    expect(stats.invalid('logs')).toBe(2);
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
