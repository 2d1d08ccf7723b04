import winston from 'winston';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWinstonTransport } from '../src/index.js';
import { appOutput, millisOf, startBridge } from './harness.js';
import type { Bridge } from './harness.js';

const NPM_LEVELS = [
  ['error', 'SEVERITY_NUMBER_ERROR'],
  ['warn', 'SEVERITY_NUMBER_WARN'],
  ['info', 'SEVERITY_NUMBER_INFO'],
  ['http', 'SEVERITY_NUMBER_DEBUG3'],
  ['verbose', 'SEVERITY_NUMBER_DEBUG2'],
  ['debug', 'SEVERITY_NUMBER_DEBUG'],
  ['silly', 'SEVERITY_NUMBER_TRACE'],
] as const;

const SYSLOG_LEVELS = [
  ['emerg', 'SEVERITY_NUMBER_FATAL'],
  ['alert', 'SEVERITY_NUMBER_ERROR3'],
  ['crit', 'SEVERITY_NUMBER_ERROR2'],
  ['error', 'SEVERITY_NUMBER_ERROR'],
  ['warning', 'SEVERITY_NUMBER_WARN'],
  ['notice', 'SEVERITY_NUMBER_INFO2'],
  ['info', 'SEVERITY_NUMBER_INFO'],
  ['debug', 'SEVERITY_NUMBER_DEBUG'],
] as const;

type Log = (message: string, meta?: object) => void;

describe('createWinstonTransport', () => {
  let bridge: Bridge;
  beforeEach(async () => {
    bridge = await startBridge();
  });
  afterEach(() => bridge.close());

  const loggerFor = (options: winston.LoggerOptions = {}) => {
    const app = appOutput();
    const logger = winston.createLogger({
      level: 'silly',
      format: winston.format.json(),
      ...options,
      transports: [
        new winston.transports.Stream({ stream: app.stream }),
        createWinstonTransport(bridge.client),
      ],
    });
    return { logger, app };
  };

  const logAt = (logger: winston.Logger, level: string, message: string, meta?: object) =>
    (logger as unknown as Record<string, Log>)[level]?.(message, meta);

  const LEVEL_SETS: [
    string,
    winston.config.AbstractConfigSetLevels,
    readonly (readonly [string, string])[],
  ][] = [
    ['npm (the default)', winston.config.npm.levels, NPM_LEVELS],
    ['syslog', winston.config.syslog.levels, SYSLOG_LEVELS],
  ];
  describe.each(LEVEL_SETS)('%s levels', (_name, levels, table) => {
    it.each(table)(
      '%s: severity number and text, body, attributes, time of the call',
      async (level, number) => {
        const { logger } = loggerFor({ levels, level: Object.keys(levels).at(-1) });
        const before = Date.now();
        logAt(logger, level, `${level} message`, { order: 7, paid: true });
        const after = Date.now();
        await bridge.flush();
        const [record] = bridge.logs();
        expect(record).toMatchObject({
          severityNumber: number,
          severityText: level,
          body: `${level} message`,
          attrs: { order: 7, paid: true },
        });
        expect(Object.keys(record?.attrs ?? {}).sort()).toEqual(['order', 'paid']);
        expect(millisOf(record?.['timeUnixNano'])).toBeGreaterThanOrEqual(before);
        expect(millisOf(record?.['timeUnixNano'])).toBeLessThanOrEqual(after + 1);
      },
    );
  });

  it('inside client.span(), the trace and span ids of the span, also after await', async () => {
    const { logger } = loggerFor();
    let spanId = '';
    await bridge.client.span('checkout', async (id) => {
      spanId = id;
      logger.info('charging');
      await new Promise((resolve) => setImmediate(resolve));
      logger.child({ step: 2 }).info('charged');
    });
    logger.info('outside');
    await bridge.flush();
    const [span] = bridge.receiver.spans();
    const byBody = (body: string) => bridge.logs().find((l) => l.body === body);
    for (const body of ['charging', 'charged']) {
      expect(byBody(body)).toMatchObject({ traceId: span?.item['traceId'], spanId });
    }
    expect(byBody('outside')?.['spanId']).toBeFalsy();
  });

  it('errors become exception.type, exception.message and exception.stacktrace', async () => {
    const { logger } = loggerFor({
      format: winston.format.combine(winston.format.errors({ stack: true }), winston.format.json()),
    });
    const failure = Object.assign(new TypeError('card declined'), { code: 'E_CARD' });
    logger.error('payment failed', { err: failure, orderId: 7 });
    logger.error(new RangeError('out of stock'));
    logger.error('refund failed:', new SyntaxError('bad ledger'));
    await bridge.flush();
    const [withErr, alone, appended] = bridge.logs();
    expect(withErr).toMatchObject({
      body: 'payment failed',
      attrs: {
        'exception.type': 'TypeError',
        'exception.message': 'card declined',
        'err.code': 'E_CARD',
        orderId: 7,
      },
    });
    expect(withErr?.attrs['exception.stacktrace']).toMatch(/^TypeError: card declined\n\s+at /);
    expect(alone).toMatchObject({
      body: 'out of stock',
      attrs: { 'exception.type': 'RangeError', 'exception.message': 'out of stock' },
    });
    expect(appended).toMatchObject({
      body: 'refund failed: bad ledger',
      attrs: { 'exception.type': 'SyntaxError' },
    });
    expect(appended?.attrs['exception.stacktrace']).toMatch(/^SyntaxError: bad ledger\n/);
  });

  it('defaultMeta, child metadata and nested objects become dotted attributes; level, timestamp do not', async () => {
    const { logger, app } = loggerFor({
      defaultMeta: { service: 'billing' },
      format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
    });
    const child = logger.child({ tenant: { id: 't1', plan: { tier: 'gold' } } });
    child.info('listed', { req: { method: 'GET', headers: { host: 'shop' } }, tags: ['a', 'b'], none: null });
    logger.log({ level: 'warn', user: 'ada' } as never); // no message: a structured record
    await bridge.flush();
    const [listed, structured] = bridge.logs();
    expect(listed?.attrs).toEqual({
      service: 'billing',
      'tenant.id': 't1',
      'tenant.plan.tier': 'gold',
      'req.method': 'GET',
      'req.headers.host': 'shop',
      tags: ['a', 'b'],
    });
    expect(structured).toMatchObject({ attrs: { service: 'billing', user: 'ada' } });
    expect(JSON.parse(app.lines[0] ?? '{}')).toMatchObject({ service: 'billing', message: 'listed' });
  });

  it('custom levels: as given in severityNumbers, else INFO with their name', async () => {
    const levels = { audit: 0, chatter: 1 };
    const app = appOutput();
    const logger = winston.createLogger({
      levels,
      level: 'chatter',
      transports: [
        new winston.transports.Stream({ stream: app.stream }),
        createWinstonTransport(bridge.client, { severityNumbers: { audit: 12 } }),
      ],
    });
    logAt(logger, 'audit', 'by the table');
    logAt(logger, 'chatter', 'unknown');
    await bridge.flush();
    expect(bridge.logs().map((l) => [l.body, l['severityNumber'], l['severityText']])).toEqual([
      ['by the table', 'SEVERITY_NUMBER_INFO4', 'audit'],
      ['unknown', 'SEVERITY_NUMBER_INFO', 'chatter'],
    ]);
  });
});
