import { describe, expect, it } from 'vitest';
import { limitAttributes } from '../../src/engine/attribute-limits.js';

describe('limitAttributes', () => {
  it('returns the same object when it is within the limits', () => {
    const attributes = { a: 'short', b: ['x', 'y'], c: 1 };
    expect(limitAttributes(attributes, { count: 3, valueLength: 5 })).toBe(attributes);
    expect(limitAttributes(undefined, { count: 1, valueLength: 1 })).toBeUndefined();
  });

  it('keeps the first `count` attributes and cuts strings, in arrays too', () => {
    const limited = limitAttributes(
      { a: 'abcdef', b: ['abcdef', 'x'], c: 1, d: 2 },
      { count: 3, valueLength: 3 },
    );
    expect(limited).toEqual({ a: 'abc', b: ['abc', 'x'], c: 1 });
  });
});
