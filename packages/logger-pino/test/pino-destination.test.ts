import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPinoDestination } from '../src/index.js';
import { PINO_MAJORS, appOutput, nanos, startBridge } from './harness.js';
import type { Bridge } from './harness.js';

const LEVELS = [
  ['trace', 'SEVERITY_NUMBER_TRACE'],
  ['debug', 'SEVERITY_NUMBER_DEBUG'],
  ['info', 'SEVERITY_NUMBER_INFO'],
  ['warn', 'SEVERITY_NUMBER_WARN'],
  ['error', 'SEVERITY_NUMBER_ERROR'],
  ['fatal', 'SEVERITY_NUMBER_FATAL'],
] as const;

describe.each(PINO_MAJORS)('createPinoDestination on $name', ({ pino }) => {
  let bridge: Bridge;
  beforeEach(async () => {
    bridge = await startBridge();
  });
  afterEach(() => bridge.close());

  /** A logger writing to the app's own output and, through a multistream, to the bridge. */
  const loggerFor = (
    options: Record<string, unknown> = {},
    destination = createPinoDestination(bridge.client),
  ) => {
    const app = appOutput();
    const logger = pino(
      { level: 'trace', ...options },
      pino.multistream(
        [
          { stream: app, level: 'trace' },
          { stream: destination, level: 'trace' },
        ],
        { levels: { audit: 35, ...pino.levels.values } },
      ),
    );
    return { logger, app };
  };

  it.each(LEVELS)('%s: severity number and text, body, attributes and pino time', async (level, number) => {
    const { logger, app } = loggerFor();
    logger[level]({ order: 7, paid: true }, `${level} message`);
    await bridge.flush();
    const [record] = bridge.logs();
    const [line] = app.records();
    expect(record).toMatchObject({
      severityNumber: number,
      severityText: level,
      body: `${level} message`,
      timeUnixNano: nanos(line?.['time'] as number),
      attrs: { order: 7, paid: true },
    });
    expect(Object.keys(record?.attrs ?? {}).sort()).toEqual(['order', 'paid']);
  });

  it('inside client.span(), the trace and span ids of the span, also after await', async () => {
    const { logger } = loggerFor();
    const { client } = bridge;
    let spanId = '';
    await client.span('checkout', async (id) => {
      spanId = id;
      logger.info('charging');
      await new Promise((resolve) => setImmediate(resolve));
      logger.info({ step: 2 }, 'charged');
    });
    logger.info('outside');
    await bridge.flush();
    const [span] = bridge.receiver.spans();
    const byBody = (body: string) => bridge.logs().find((l) => l.body === body);
    for (const body of ['charging', 'charged']) {
      expect(byBody(body)).toMatchObject({ traceId: span?.item['traceId'], spanId });
    }
    expect(spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(byBody('outside')?.['spanId']).toBeFalsy();
  });

  it('errors become exception.type, exception.message and exception.stacktrace', async () => {
    const { logger } = loggerFor();
    const failure = Object.assign(new TypeError('card declined'), { code: 'E_CARD' });
    logger.error({ err: failure, orderId: 7 }, 'payment failed');
    logger.error(new RangeError('out of stock'));
    await bridge.flush();
    const [withMessage, alone] = bridge.logs();
    expect(withMessage).toMatchObject({
      body: 'payment failed',
      attrs: {
        'exception.type': 'TypeError',
        'exception.message': 'card declined',
        'err.code': 'E_CARD',
        orderId: 7,
      },
    });
    expect(withMessage?.attrs['exception.stacktrace']).toMatch(/^TypeError: card declined\n\s+at /);
    expect(alone).toMatchObject({
      body: 'out of stock',
      attrs: { 'exception.type': 'RangeError', 'exception.message': 'out of stock' },
    });
  });

  it('child bindings and nested objects become dotted attributes; pid, hostname, level, time do not', async () => {
    const { logger } = loggerFor();
    const child = logger.child({ module: 'billing', tenant: { id: 't1', plan: { tier: 'gold' } } });
    child.info({ req: { method: 'GET', headers: { host: 'shop' } }, tags: ['a', 'b'], none: null }, 'listed');
    logger.info({ user: 'ada' }); // no message: a structured record with an empty body
    await bridge.flush();
    const [listed, structured] = bridge.logs();
    expect(listed?.attrs).toEqual({
      module: 'billing',
      'tenant.id': 't1',
      'tenant.plan.tier': 'gold',
      'req.method': 'GET',
      'req.headers.host': 'shop',
      tags: ['a', 'b'],
    });
    expect(structured).toMatchObject({ attrs: { user: 'ada' } });
    expect(structured?.body ?? '').toBe('');
  });

  it("honours the logger's messageKey and errorKey", async () => {
    const { logger, app } = loggerFor({ messageKey: 'message', errorKey: 'error' });
    logger.error({ error: new Error('declined'), card: 'visa' }, 'refused');
    await bridge.flush();
    expect(app.records()[0]).toMatchObject({ message: 'refused', error: { message: 'declined' } });
    expect(bridge.logs()[0]).toMatchObject({
      body: 'refused',
      attrs: { card: 'visa', 'exception.type': 'Error', 'exception.message': 'declined' },
    });
    expect(Object.keys(bridge.logs()[0]?.attrs ?? {})).not.toContain('message');
  });

  it('sends what the app output has: nestedKey, serializers and redaction applied', async () => {
    const { logger, app } = loggerFor({
      nestedKey: 'payload',
      redact: ['card.number'],
      serializers: { user: (user: { name: string }) => user.name },
    });
    logger.warn(
      { card: { number: '4111', brand: 'visa' }, user: { name: 'ada', password: 'pw' } },
      'refused',
    );
    await bridge.flush();
    expect(app.records()[0]).toMatchObject({
      payload: { card: { number: '[Redacted]', brand: 'visa' }, user: 'ada' },
    });
    expect(bridge.logs()[0]?.attrs).toEqual({
      'payload.card.number': '[Redacted]',
      'payload.card.brand': 'visa',
      'payload.user': 'ada',
    });
  });

  it.each([
    ['epochTime (default)', undefined, (t: unknown) => t as number],
    ['isoTime', 'isoTime', (t: unknown) => Date.parse(t as string)],
    ['unixTime', 'unixTime', (t: unknown) => (t as number) * 1000],
  ] as const)('reads pino time written as %s', async (_name, fn, toMs) => {
    const timestamp = fn === undefined ? undefined : pino.stdTimeFunctions[fn];
    const { logger, app } = loggerFor(timestamp === undefined ? {} : { timestamp });
    logger.info('tick');
    await bridge.flush();
    expect(bridge.logs()[0]?.['timeUnixNano']).toBe(nanos(toMs(app.records()[0]?.['time'])));
  });

  it('without a time in the record (timestamp: false), the time of the call', async () => {
    const { logger } = loggerFor({ timestamp: false });
    const before = Date.now();
    logger.info('tick');
    const after = Date.now();
    await bridge.flush();
    const ms = Number(BigInt(bridge.logs()[0]?.['timeUnixNano'] as string) / 1_000_000n);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(after);
  });

  it('custom levels: by their distance from the default levels, or as given', async () => {
    const { logger } = loggerFor({ customLevels: { audit: 35 } });
    const mapped = loggerFor(
      { customLevels: { audit: 35 } },
      createPinoDestination(bridge.client, { severityNumbers: { audit: 12 } }),
    ).logger;
    (logger as unknown as Record<string, (m: string) => void>)['audit']?.('by distance');
    (mapped as unknown as Record<string, (m: string) => void>)['audit']?.('as given');
    await bridge.flush();
    expect(bridge.logs().map((l) => [l.body, l['severityNumber'], l['severityText']])).toEqual([
      ['by distance', 'SEVERITY_NUMBER_INFO3', 'audit'],
      ['as given', 'SEVERITY_NUMBER_INFO4', 'audit'],
    ]);
  });

  it('as the only destination, too', async () => {
    const logger = pino({ level: 'debug' }, createPinoDestination(bridge.client));
    logger.child({ job: 'sync' }).debug('alone');
    await bridge.flush();
    expect(bridge.logs()).toMatchObject([
      {
        body: 'alone',
        severityText: 'debug',
        attrs: { job: 'sync' },
        severityNumber: 'SEVERITY_NUMBER_DEBUG',
      },
    ]);
  });
});
