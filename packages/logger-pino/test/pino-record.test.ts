import { describe, expect, it } from 'vitest';
import { attributesOf, timeOf } from '../src/pino-record.js';

describe('timeOf', () => {
  it.each([
    ['epoch milliseconds', '1700000000123', undefined, 1_700_000_000_123],
    ['epoch seconds (unixTime)', '1700000000', undefined, 1_700_000_000_000],
    ['an ISO date (isoTime)', '"2023-11-14T22:13:20.123Z"', undefined, 1_700_000_000_123],
    ['the field when pino gave no time text', undefined, 1_700_000_000_123, 1_700_000_000_123],
    ['nothing (timestamp: false)', '', undefined, undefined],
    ['a custom format it cannot read', '"yesterday-ish"', undefined, undefined],
    ['zero', '0', undefined, undefined],
  ])('reads %s', (_name, lastTime, field, expected) => {
    expect(timeOf(lastTime, field)).toBe(expected);
  });
});

describe('attributesOf', () => {
  it('stops flattening at 4 segments; never sets a prototype', () => {
    const fields = JSON.parse(
      '{"msg":"m","a":{"b":{"c":{"d":{"e":1}}}},"__proto__":{"x":1},"o":{"__proto__":[1]},"list":[{"k":1}]}',
    ) as Record<string, unknown>;
    const attributes = attributesOf(fields, 'msg', 'err');
    expect(Object.getPrototypeOf(attributes)).toBe(Object.prototype);
    expect({ ...attributes }).toEqual({
      'a.b.c.d': { e: 1 },
      '__proto__.x': 1,
      'o.__proto__': [1],
      list: [{ k: 1 }],
    });
  });

  it('takes an error that is not an object as a plain attribute', () => {
    expect({ ...attributesOf({ err: 'timeout' }, 'msg', 'err') }).toEqual({ err: 'timeout' });
  });
});
