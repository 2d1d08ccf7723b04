import { afterEach, describe, expect, it } from 'vitest';
import type { Diagnostic } from '@telemetryflow/client';
import { createPinoDestination } from '../src/index.js';
import { PINO_MAJORS, appOutput, startBridge } from './harness.js';
import type { Bridge } from './harness.js';

describe.each(PINO_MAJORS)('the pino bridge on $name leaves the app alone', ({ pino }) => {
  let bridge: Bridge | undefined;
  afterEach(() => bridge?.close());

  /** The same calls on a logger with the bridge and on one without; both outputs' lines. */
  const logTwice = (destination: ReturnType<typeof createPinoDestination>) => {
    const bridged = appOutput();
    const plain = appOutput();
    const options = { level: 'debug', timestamp: false, base: { service: 'shop' } };
    const loggers = [
      pino(
        options,
        pino.multistream([
          { stream: bridged, level: 'debug' },
          { stream: destination, level: 'debug' },
        ]),
      ),
      pino(options, pino.multistream([{ stream: plain, level: 'debug' }])),
    ];
    for (const logger of loggers) {
      logger.debug('starting');
      logger.child({ order: 7 }).info({ total: 12.5 }, 'paid');
      logger.error(new Error('refund failed'));
    }
    return { bridged: bridged.lines, plain: plain.lines };
  };

  it("writes the app's own output exactly as without the bridge", async () => {
    bridge = await startBridge();
    const { bridged, plain } = logTwice(createPinoDestination(bridge.client));
    expect(bridged).toEqual(plain);
    expect(plain).toHaveLength(3);
    await bridge.flush();
    expect(bridge.logs().map((l) => l.body)).toEqual(['starting', 'paid', 'refund failed']);
  });

  it('the level option filters only the bridge', async () => {
    bridge = await startBridge();
    const { bridged } = logTwice(createPinoDestination(bridge.client, { level: 'info' }));
    expect(bridged).toHaveLength(3);
    await bridge.flush();
    expect(bridge.logs().map((l) => l.body)).toEqual(['paid', 'refund failed']);
  });

  it('does nothing when the logs signal is off (withSignals({ logs: false }))', async () => {
    bridge = await startBridge({ enableLogs: false });
    const { bridged, plain } = logTwice(createPinoDestination(bridge.client));
    expect(bridged).toEqual(plain);
    await bridge.flush();
    expect(bridge.logs()).toEqual([]);
    expect(bridge.client.getStatus().signals.logs).toMatchObject({ recorded: 0, invalid: 0 });
  });

  it('never throws: not yet initialized, or shut down', async () => {
    bridge = await startBridge();
    await bridge.client.shutdown();
    const { bridged, plain } = logTwice(createPinoDestination(bridge.client));
    expect(bridged).toEqual(plain);
    expect(bridge.client.getStatus().signals.logs.recorded).toBe(0);
  });

  it('sends each record once, next to the client’s own logs, and not the SDK’s diagnostics logged back', async () => {
    const app = appOutput();
    const ref: { logger?: { warn(fields: object, message: string): void } } = {};
    // The app routes the SDK's diagnostics into its logger, which the bridge is on.
    const onDiagnostic = (d: Diagnostic) => ref.logger?.warn({ code: d.code }, d.message);
    bridge = await startBridge({}, onDiagnostic);
    const { client } = bridge;
    const logger = pino({}, pino.multistream([{ stream: app }, { stream: createPinoDestination(client) }]));
    ref.logger = logger;
    await client.span('job', async () => {
      logger.info('bridged once');
      client.logInfo('from the client');
      client.incrementCounter('Not A Valid Name'); // reported as TF_INVALID_INPUT
    });
    await bridge.flush();
    expect(app.records().map((r) => [r['msg'], r['code']])).toEqual([
      ['bridged once', undefined],
      [expect.stringContaining("invalid instrument name 'Not A Valid Name'"), 'TF_INVALID_INPUT'],
    ]);
    expect(bridge.logs().map((l) => l.body)).toEqual(['bridged once', 'from the client']);
    expect(client.getStatus().signals.logs.recorded).toBe(2);
  });

  it('sends a line that is not JSON (rewritten by hooks.streamWrite) as its text', async () => {
    bridge = await startBridge();
    const logger = pino(
      { hooks: { streamWrite: (line: string) => `[app] ${line}` } },
      createPinoDestination(bridge.client),
    );
    logger.warn('odd');
    await bridge.flush();
    expect(bridge.logs()).toMatchObject([{ severityText: 'warn' }]);
    expect(bridge.logs()[0]?.body).toMatch(/^\[app\] \{.*"msg":"odd"\}$/);
  });
});
