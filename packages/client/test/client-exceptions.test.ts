import { attributes } from '@telemetryflow-internal/test-utils';
import { describe, expect, it } from 'vitest';
import { SpanKind } from '../src/index.js';
import { makeClient } from './helpers.js';

type Obj = Record<string, unknown>;

/** As the MongoDB driver makes them: a named class with a numeric `code`. */
class MongoServerError extends Error {
  override readonly name = 'MongoServerError';
  readonly code = 11000;
}

/** As @grpc/grpc-js makes them: a plain Error with a numeric status `code`. */
const grpcError = (): Error =>
  Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14 });

/** A subclass that keeps the inherited name 'Error'. */
class PaymentDeclined extends Error {}

const exceptionEvent = (span: Obj | undefined): Record<string, unknown> => {
  const events = (span?.['events'] ?? []) as Obj[];
  return attributes(events.find((e) => e['name'] === 'exception')?.['attributes']);
};

describe('exceptions, decoded from the OTLP the client exports', () => {
  it('records the class as exception.type and a numeric code as error.type on the exception event', async () => {
    const { client, transport } = makeClient();
    client.initialize();
    expect(() =>
      client.span('insert', () => {
        throw new MongoServerError('E11000 duplicate key error collection: shop.orders');
      }),
    ).toThrow(MongoServerError);
    const grpcSpan = client.startSpan('call', SpanKind.CLIENT);
    client.endSpan(grpcSpan, grpcError());
    const subclassSpan = client.startSpan('charge');
    client.endSpan(subclassSpan, new PaymentDeclined('card declined'));
    await client.shutdown(5_000);

    const span = (name: string) => transport.spans().find((s) => s.item['name'] === name)?.item;
    const mongo = exceptionEvent(span('insert'));
    expect(mongo).toMatchObject({
      'exception.type': 'MongoServerError',
      'exception.message': 'E11000 duplicate key error collection: shop.orders',
      'error.type': '11000',
    });
    expect(mongo['exception.stacktrace']).toMatch(/^MongoServerError: E11000 .*\n\s+at /);
    expect(span('insert')?.['status']).toMatchObject({ code: 'STATUS_CODE_ERROR' });

    expect(exceptionEvent(span('call'))).toMatchObject({
      'exception.type': 'Error',
      'exception.message': '14 UNAVAILABLE: No connection established',
      'error.type': '14',
    });
    const subclass = exceptionEvent(span('charge'));
    expect(subclass).toMatchObject({
      'exception.type': 'PaymentDeclined',
      'exception.message': 'card declined',
    });
    expect(subclass).not.toHaveProperty('error.type');
  });

  it('records what is thrown that is not an Error as NonErrorThrown with its text', async () => {
    const { client, transport } = makeClient();
    client.initialize();
    const id = client.startSpan('odd');
    client.endSpan(id, { reason: 'quota' });
    await client.shutdown(5_000);

    expect(exceptionEvent(transport.spans()[0]?.item)).toEqual({
      'exception.type': 'NonErrorThrown',
      'exception.message': '{"reason":"quota"}',
    });
  });

  it('logError(err): the body is the message, with exception.type, message, stacktrace and the code', async () => {
    const { client, transport } = makeClient();
    client.initialize();
    client.logError(new MongoServerError('E11000 duplicate key'));
    await client.shutdown(5_000);

    const [log] = transport.logs();
    expect(log?.item).toMatchObject({ severityText: 'ERROR', body: { stringValue: 'E11000 duplicate key' } });
    const attrs = attributes(log?.item['attributes']);
    expect(attrs).toMatchObject({
      'exception.type': 'MongoServerError',
      'exception.message': 'E11000 duplicate key',
      'error.type': '11000',
    });
    expect(attrs['exception.stacktrace']).toMatch(/^MongoServerError: E11000 duplicate key\n\s+at /);
  });

  it('logs a message with an error beside it; attributes given win over the exception ones', async () => {
    const { client, transport } = makeClient();
    client.initialize();
    client.logWarn('charge failed, retrying', { 'order.id': 7, 'error.type': 'card_declined' }, grpcError());
    client.log(new PaymentDeclined('declined'));
    await client.shutdown(5_000);

    const [warn, info] = transport.logs();
    expect(warn?.item).toMatchObject({
      severityText: 'WARN',
      body: { stringValue: 'charge failed, retrying' },
    });
    expect(attributes(warn?.item['attributes'])).toMatchObject({
      'order.id': 7,
      'exception.type': 'Error',
      'exception.message': '14 UNAVAILABLE: No connection established',
      'error.type': 'card_declined',
    });
    expect(info?.item).toMatchObject({ severityText: 'INFO', body: { stringValue: 'declined' } });
    expect(attributes(info?.item['attributes'])).toMatchObject({ 'exception.type': 'PaymentDeclined' });
  });

  it('never throws for an error whose properties throw when read', async () => {
    const { client, transport } = makeClient();
    client.initialize();
    const hostile = new Error('hidden');
    Object.defineProperty(hostile, 'code', {
      get() {
        throw new Error('no');
      },
    });
    Object.defineProperty(hostile, 'stack', {
      get() {
        throw new Error('no');
      },
    });
    expect(() => client.logError(hostile)).not.toThrow();
    const id = client.startSpan('hostile');
    expect(() => client.endSpan(id, hostile)).not.toThrow();
    await client.shutdown(5_000);

    expect(attributes(transport.logs()[0]?.item['attributes'])).toEqual({
      'exception.type': 'Error',
      'exception.message': 'hidden',
    });
    expect(exceptionEvent(transport.spans()[0]?.item)).toEqual({
      'exception.type': 'Error',
      'exception.message': 'hidden',
    });
  });
});
