import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../src/index.js';
import { Diagnostics } from '../src/engine/diagnostics.js';
import { makeClient, warningsDuring } from './helpers.js';

/** The TelemetryFlow warnings Node prints while `fn` runs, as `CODE: message`. */
const printedDuring = async (fn: () => Promise<void>): Promise<string[]> =>
  (await warningsDuring(fn))
    .filter((w) => w.name === 'TelemetryFlowWarning')
    .map((w) => `${w.code ?? ''}: ${w.message}`);

/** Fills the queue past its byte bound, then lets it drain: one "queue full" episode each round. */
const overloadRounds = async (rounds: number, onDiagnostic?: (d: Diagnostic) => void): Promise<void> => {
  const { client, transport } = makeClient(
    {
      enableMetrics: false,
      enableTraces: false,
      rateLimit: 600_000,
      batchMaxSize: 50,
      maxQueueBytes: 16 * 1024,
    },
    onDiagnostic === undefined ? { onDiagnostic: undefined } : { onDiagnostic },
  );
  client.initialize();
  for (let round = 0; round < rounds; round++) {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    transport.respond = async () => {
      await held;
      return { status: 'success' };
    };
    for (let i = 0; i < 3_000; i++) client.logInfo(`r${round}-${i}`); // far beyond 16 KiB encoded
    await client.flush(50);
    release();
    await client.flush(30_000);
    await new Promise((resolve) => setTimeout(resolve, 1_200)); // a quiet second ends the episode
  }
  await client.shutdown(30_000);
};

describe('diagnostics a client prints', () => {
  it('print each code at most once a minute however often its condition recurs; the hook sees every event', async () => {
    const events: Diagnostic[] = [];
    await overloadRounds(3, (d) => events.push(d));
    expect(events.filter((d) => d.code === 'TF_EXPORT_QUEUE_FULL')).toHaveLength(3);

    const printed = await printedDuring(() => overloadRounds(3));
    expect(printed.filter((line) => line.startsWith('TF_EXPORT_QUEUE_FULL'))).toHaveLength(1);
  });

  it('report a full queue once per overflow episode, not after every export that succeeds during it', async () => {
    const events: Diagnostic[] = [];
    const { client, transport } = makeClient(
      { enableMetrics: false, enableTraces: false, batchMaxSize: 50, maxQueueBytes: 16 * 1024 },
      { onDiagnostic: (d) => events.push(d) },
    );
    transport.respond = async () => {
      await new Promise((resolve) => setImmediate(resolve));
      return { status: 'success' };
    };
    client.initialize();
    await client.flush(5_000);
    for (let chunk = 0; chunk < 20; chunk++) {
      for (let i = 0; i < 500; i++) client.logInfo(`c${chunk}-${i}`);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await client.flush(30_000);
    const logs = client.getStatus().signals.logs;
    expect(logs.exported).toBeGreaterThan(0);
    expect(logs.dropped).toBeGreaterThan(0);
    expect(logs.exported + logs.dropped).toBe(10_000);
    const full = events.filter((d) => d.code === 'TF_EXPORT_QUEUE_FULL');
    expect(full).toHaveLength(1);
    expect(full[0]?.message).toContain('getStatus().signals.logs.dropped');
    await client.shutdown(5_000);
  });

  it('say how many were held back when a code is printed again a minute later', () => {
    let now = 0;
    const printed: Diagnostic[] = [];
    const diagnostics = new Diagnostics(undefined, { print: (d) => printed.push(d), now: () => now });
    for (let i = 0; i < 4; i++) {
      diagnostics.report('TF_X', `x${i}`);
      diagnostics.clear('TF_X');
      now += 1_000;
    }
    now = 61_000;
    diagnostics.report('TF_X', 'x again');
    expect(printed).toEqual([
      { code: 'TF_X', message: 'x0' },
      { code: 'TF_X', message: 'x again (3 more TF_X not printed since the last one)' },
    ]);
  });
});

describe('input the client drops as invalid', () => {
  it('is reported once per name and kind, naming it, besides being counted', async () => {
    const events: Diagnostic[] = [];
    const { client } = makeClient({ enableTraces: false }, { onDiagnostic: (d) => events.push(d) });
    client.initialize();
    for (let i = 0; i < 3; i++) client.incrementCounter('Redis Health Check');
    client.recordGauge('x'.repeat(256), 1);
    client.logInfo('');
    client.logInfo('');
    await client.shutdown(5_000);
    const invalid = events.filter((d) => d.code === 'TF_INVALID_INPUT').map((d) => d.message);
    expect(invalid).toHaveLength(3);
    expect(invalid[0]).toContain("counter: invalid instrument name 'Redis Health Check'");
    expect(invalid[1]).toContain(`gauge: invalid instrument name '${'x'.repeat(64)}…'`);
    expect(invalid[2]).toContain('log message is empty');
    expect(client.getStatus().signals.metrics.invalid).toBe(4);
  });

  it('is printed at most once a minute by default', async () => {
    const printed = await printedDuring(async () => {
      const { client } = makeClient({ enableTraces: false }, { onDiagnostic: undefined });
      client.initialize();
      for (let i = 0; i < 50; i++) client.incrementCounter(`bad name ${i}`);
      await client.shutdown(5_000);
    });
    expect(printed.filter((line) => line.startsWith('TF_INVALID_INPUT'))).toHaveLength(1);
  });
});
