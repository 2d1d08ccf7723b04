import { AMPLE_MS, attributes } from '@telemetryflow-internal/test-utils';
import { describe, expect, it } from 'vitest';
import { builderFor, guardProcess, receiverFor, started } from './helpers.js';

guardProcess();

class MongoServerError extends Error {
  override readonly name = 'MongoServerError';
  readonly code = 11000;
}

describe('exceptions, as an OTLP/HTTP receiver decodes them', () => {
  it('sends the class as exception.type and the numeric code as error.type, on spans and logs', async () => {
    const receiver = await receiverFor();
    const client = started(builderFor(receiver));
    expect(() =>
      client.span('insert-order', () => {
        throw new MongoServerError('E11000 duplicate key');
      }),
    ).toThrow();
    client.logError(new MongoServerError('E11000 duplicate key'));
    await client.shutdown(AMPLE_MS);

    const [span] = receiver.spans();
    const events = (span?.item['events'] ?? []) as Record<string, unknown>[];
    const expected = {
      'exception.type': 'MongoServerError',
      'exception.message': 'E11000 duplicate key',
      'error.type': '11000',
    };
    const stack = /^MongoServerError: E11000 duplicate key\n\s+at /;
    expect(events.map((e) => e['name'])).toEqual(['exception']);
    const onSpan = attributes(events[0]?.['attributes']);
    expect(onSpan).toMatchObject(expected);
    expect(onSpan['exception.stacktrace']).toMatch(stack);
    const [log] = receiver.logs();
    expect(log?.item['body']).toMatchObject({ stringValue: 'E11000 duplicate key' });
    const onLog = attributes(log?.item['attributes']);
    expect(onLog).toMatchObject(expected);
    expect(onLog['exception.stacktrace']).toMatch(stack);
  });
});
