import { DiagConsoleLogger, DiagLogLevel, diag } from '@opentelemetry/api';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DiagnosticLogLevel } from '@telemetryflow/domain';
import type { Diagnostic, TelemetryFlowClient } from '../src/index.js';
import { makeClient, warningsDuring } from './helpers.js';

/** A client printing its diagnostics the default way (no hook), at `logLevel`. */
const printing = (logLevel: DiagnosticLogLevel, registerGlobal = false): TelemetryFlowClient =>
  makeClient({ logLevel }, { onDiagnostic: undefined, registerGlobal }).client.initialize();

/** Reports one diagnostic: an invalid metric name. */
const misuse = (client: TelemetryFlowClient): void => client.incrementCounter('Redis Health Check');

let running: TelemetryFlowClient | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await running?.shutdown(1_000);
  running = undefined;
});

describe('config.logLevel (OTEL_LOG_LEVEL)', () => {
  it.each(['none', 'error'] as const)('%s: prints nothing (every diagnostic is a warning)', async (level) => {
    running = printing(level);
    const client = running;
    const warnings = await warningsDuring(async () => misuse(client));
    expect(warnings.filter((w) => w.name === 'TelemetryFlowWarning')).toEqual([]);
    expect(client.getStatus().signals.metrics.invalid).toBe(1);
  });

  it.each(['warn', 'info', 'debug', 'verbose', 'all'] as const)('%s: prints warnings', async (level) => {
    running = printing(level);
    const client = running;
    const warnings = await warningsDuring(async () => misuse(client));
    expect(warnings.filter((w) => w.code === 'TF_INVALID_INPUT')).toHaveLength(1);
  });

  it('an onDiagnostic hook receives everything, whatever the level', () => {
    const seen: Diagnostic[] = [];
    const { client } = makeClient({ logLevel: 'none' }, { onDiagnostic: (d) => seen.push(d) });
    running = client.initialize();
    misuse(client);
    expect(seen.map((d) => d.code)).toEqual(['TF_INVALID_INPUT']);
  });

  // DiagConsoleLogger writes with the console methods saved when @opentelemetry/api loaded, out of
  // a spy's reach: what the client hands to `diag` is checked instead.
  it("debug: OpenTelemetry's diag logger is set only with registerGlobal (it is process-global)", async () => {
    const setLogger = vi.spyOn(diag, 'setLogger');
    const disable = vi.spyOn(diag, 'disable');
    running = printing('debug');
    expect(setLogger).not.toHaveBeenCalled();
    // Still prints its own warnings as at `warn`.
    const client = running;
    expect((await warningsDuring(async () => misuse(client))).map((w) => w.code)).toContain(
      'TF_INVALID_INPUT',
    );
    await running.shutdown(1_000);

    running = printing('debug', true);
    expect(setLogger).toHaveBeenCalledTimes(1);
    expect(setLogger.mock.calls[0]?.[0]).toBeInstanceOf(DiagConsoleLogger);
    expect(setLogger.mock.calls[0]?.[1]).toEqual({ logLevel: DiagLogLevel.DEBUG });
    expect(disable).not.toHaveBeenCalled();
    await running.shutdown(1_000);
    running = undefined;
    // Undone at shutdown, with the other globals.
    expect(disable).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['verbose', DiagLogLevel.VERBOSE],
    ['all', DiagLogLevel.ALL],
  ] as const)('%s: diag logs at that level with registerGlobal', (level, diagLevel) => {
    const setLogger = vi.spyOn(diag, 'setLogger');
    running = printing(level, true);
    expect(setLogger.mock.calls.map((c) => c[1])).toEqual([{ logLevel: diagLevel }]);
  });

  it.each(['none', 'error', 'warn', 'info'] as const)(
    '%s leaves diag alone even with registerGlobal',
    (level) => {
      const setLogger = vi.spyOn(diag, 'setLogger');
      running = printing(level, true);
      expect(setLogger).not.toHaveBeenCalled();
    },
  );
});
