import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import winston from 'winston';
import { waitFor } from '@telemetryflow-internal/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import type { Diagnostic } from '@telemetryflow/client';
import { createWinstonTransport } from '../src/index.js';
import { appOutput, startBridge } from './harness.js';
import type { Bridge } from './harness.js';

describe('the winston bridge', () => {
  let bridge: Bridge | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await bridge?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    bridge = dir = undefined;
  });

  it('correlates each record with its own call while a file transport holds records back', async () => {
    bridge = await startBridge();
    const { client } = bridge;
    dir = await mkdtemp(join(tmpdir(), 'tf-winston-'));
    const file = new winston.transports.File({ filename: join(dir, 'app.log') });
    const transport = createWinstonTransport(client);
    // Counts the records winston hands the transport after their log call returned.
    let inCall = -1;
    let deferred = 0;
    const log = transport.log?.bind(transport);
    transport.log = (info: { n: number }, next: () => void) => {
      if (info.n !== inCall) deferred++;
      log?.(info, next);
    };
    const logger = winston.createLogger({ transports: [file, transport] });
    const spanIds: string[] = [];
    for (let n = 0; n < 400; n++) {
      client.span(`job ${n}`, (spanId) => {
        spanIds.push(spanId);
        inCall = n;
        logger.info(`job ${n} done, with a line long enough to fill the file stream's buffer`, { n });
        inCall = -1;
      });
    }
    await waitFor(() => bridge?.logs().length === 400 || undefined, '400 records');
    expect(deferred).toBeGreaterThan(0); // the case under test did happen
    const wrong = bridge.logs().filter((l) => l['spanId'] !== spanIds[l.attrs['n'] as number]);
    expect(wrong).toEqual([]);
    await new Promise((resolve) => logger.end(resolve));
  });

  /** The same calls on a logger with the bridge and on one without; both outputs' lines. */
  const logTwice = (transport: ReturnType<typeof createWinstonTransport>) => {
    const outputs = [appOutput(), appOutput()];
    const [bridged, plain] = outputs;
    const loggers = outputs.map(({ stream }, i) =>
      winston.createLogger({
        level: 'debug',
        defaultMeta: { service: 'shop' },
        format: winston.format.combine(winston.format.errors({ stack: false }), winston.format.json()),
        transports: [new winston.transports.Stream({ stream }), ...(i === 0 ? [transport] : [])],
      }),
    );
    for (const logger of loggers) {
      logger.debug('starting');
      logger.child({ order: 7 }).info('paid', { total: 12.5 });
      logger.error(new Error('refund failed'));
    }
    return { bridged: bridged?.lines, plain: plain?.lines };
  };

  it("writes the app's own output exactly as without the bridge", async () => {
    bridge = await startBridge();
    const { bridged, plain } = logTwice(createWinstonTransport(bridge.client));
    await bridge.flush();
    expect(plain).toHaveLength(3);
    expect(bridged).toEqual(plain);
    expect(bridge.logs().map((l) => l.body)).toEqual(['starting', 'paid', 'refund failed']);
  });

  it('the level option filters only the bridge', async () => {
    bridge = await startBridge();
    const { bridged } = logTwice(createWinstonTransport(bridge.client, { level: 'info' }));
    await bridge.flush();
    expect(bridged).toHaveLength(3);
    expect(bridge.logs().map((l) => l.body)).toEqual(['paid', 'refund failed']);
  });

  it('does nothing when the logs signal is off (withSignals({ logs: false }))', async () => {
    bridge = await startBridge({ enableLogs: false });
    const { bridged, plain } = logTwice(createWinstonTransport(bridge.client));
    await bridge.flush();
    expect(bridged).toEqual(plain);
    expect(bridge.logs()).toEqual([]);
    expect(bridge.client.getStatus().signals.logs).toMatchObject({ recorded: 0, invalid: 0 });
  });

  it('never throws once the client is shut down', async () => {
    bridge = await startBridge();
    await bridge.client.shutdown();
    const { bridged, plain } = logTwice(createWinstonTransport(bridge.client));
    expect(bridged).toEqual(plain);
    expect(bridge.client.getStatus().signals.logs.recorded).toBe(0);
  });

  it("calls log's callback at once, the collector never answering", async () => {
    bridge = await startBridge();
    bridge.receiver.respond = () => ({ hang: true });
    const transport = createWinstonTransport(bridge.client);
    const logger = winston.createLogger({ transports: [transport] });
    let logged = 0;
    transport.on('logged', () => logged++);
    for (let n = 0; n < 600; n++) logger.info('while the collector hangs', { n });
    let called = false;
    transport.log?.(
      { level: 'info', message: 'direct', [Symbol.for('level')]: 'info' },
      () => (called = true),
    );
    expect(called).toBe(true);
    await waitFor(() => logged === 601 || undefined, "601 'logged' events");
    expect(bridge.client.getStatus().signals.logs.recorded).toBe(601);
    bridge.receiver.respond = undefined;
  });

  it('sends each record once, next to the client’s own logs, and not the SDK’s diagnostics logged back', async () => {
    const app = appOutput();
    const ref: { logger?: winston.Logger } = {};
    // The app routes the SDK's diagnostics into its logger, which the bridge is on.
    const onDiagnostic = (d: Diagnostic) => ref.logger?.warn(d.message, { code: d.code });
    bridge = await startBridge({}, onDiagnostic);
    const { client } = bridge;
    const logger = winston.createLogger({
      transports: [new winston.transports.Stream({ stream: app.stream }), createWinstonTransport(client)],
    });
    ref.logger = logger;
    await client.span('job', async () => {
      logger.info('bridged once');
      client.logInfo('from the client');
      client.incrementCounter('Not A Valid Name'); // reported as TF_INVALID_INPUT
    });
    await bridge.flush();
    expect(app.lines.map((line) => (JSON.parse(line) as { code?: string }).code)).toEqual([
      undefined,
      'TF_INVALID_INPUT',
    ]);
    expect(bridge.logs().map((l) => l.body)).toEqual(['bridged once', 'from the client']);
    expect(client.getStatus().signals.logs.recorded).toBe(2);
  });

  it('with a frozen defaultMeta, correlates through the active context; removed, leaves defaultMeta clean', async () => {
    bridge = await startBridge();
    const frozen = Object.freeze({ service: 'shop' });
    const transport = createWinstonTransport(bridge.client);
    const logger = winston.createLogger({ defaultMeta: frozen, transports: [transport] });
    let spanId = '';
    bridge.client.span('job', (id) => {
      spanId = id;
      logger.info('frozen meta');
    });
    const open = { service: 'shop' };
    const other = winston.createLogger({
      defaultMeta: open,
      transports: [createWinstonTransport(bridge.client)],
    });
    expect(Object.getOwnPropertySymbols(open)).toHaveLength(1);
    other.clear();
    expect(Object.getOwnPropertySymbols(open)).toEqual([]);
    await bridge.flush();
    expect(bridge.logs()).toMatchObject([{ body: 'frozen meta', spanId, attrs: { service: 'shop' } }]);
  });
});
