import { describe, expect, it } from 'vitest';
import { W3CTraceState, parseTraceState } from '../../src/engine/w3c-trace-state.js';

// Rules quoted from W3C Trace Context (https://www.w3.org/TR/trace-context/, "tracestate Header");
// examples from the spec and its test suite (w3c/trace-context test/test.py).
const serialized = (header: string): string | undefined => parseTraceState(header)?.serialize();
const members = (count: number, from = 1): string =>
  Array.from({ length: count }, (_, i) => `bar${String(i + from).padStart(2, '0')}=${i + from}`).join(',');

describe('parseTraceState', () => {
  describe('list', () => {
    it('keeps the spec examples in order: "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"', () => {
      expect(serialized('rojo=00f067aa0ba902b7')).toBe('rojo=00f067aa0ba902b7');
      expect(serialized('rojo=00f067aa0ba902b7,congo=t61rcWkgMzE')).toBe(
        'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE',
      );
    });

    it('"Spaces and horizontal tabs surrounding list-members are ignored"', () => {
      expect(serialized('foo=1 \t , \t bar=2, \t baz=3')).toBe('foo=1,bar=2,baz=3');
      expect(serialized('\t foo=1 \t')).toBe('foo=1');
    });

    it('"Empty and whitespace-only list members are allowed" (and not propagated)', () => {
      expect(serialized('foo=1,,bar=2, ,\t,')).toBe('foo=1,bar=2');
      expect(serialized('')).toBe('');
      expect(serialized(' , ')).toBe('');
    });

    it('"There can be a maximum of 32 list-members": 32 are kept, 33 discard the header', () => {
      expect(parseTraceState(members(32))?.get('bar32')).toBe('32');
      expect(parseTraceState(members(33))).toBeUndefined();
    });

    it('"Only one entry per key is allowed": a duplicated key discards the header', () => {
      expect(parseTraceState('foo=1,foo=1')).toBeUndefined();
      expect(parseTraceState('foo=1,foo=2')).toBeUndefined();
    });

    it('discards a header with a list-member that is not key "=" value', () => {
      expect(parseTraceState('foo=1,bar')).toBeUndefined();
      expect(parseTraceState('=1')).toBeUndefined();
    });
  });

  describe('key', () => {
    it('accepts every allowed character: lcalpha, DIGIT, "_", "-", "*", "/" and the tenant@system form', () => {
      const key = 'abcdefghijklmnopqrstuvwxyz0123456789_-*/';
      expect(parseTraceState(`${key}=1`)?.get(key)).toBe('1');
      expect(parseTraceState(`${key}@a-z0-9_-*/=1`)?.get(`${key}@a-z0-9_-*/`)).toBe('1');
    });

    it('discards keys with characters outside the grammar ("foo =1", "FOO=1", "foo.bar=1")', () => {
      expect(parseTraceState('foo =1')).toBeUndefined();
      expect(parseTraceState('FOO=1')).toBeUndefined();
      expect(parseTraceState('foo.bar=1')).toBeUndefined();
    });

    it('"MUST begin with a lowercase letter" (a digit only in a tenant id)', () => {
      expect(parseTraceState('1foo=1')).toBeUndefined();
      expect(parseTraceState('1foo@bar=1')?.get('1foo@bar')).toBe('1');
    });

    it('discards a bad vendor format ("foo@=1", "@foo=1", "foo@@bar=1", "foo@bar@baz=1")', () => {
      for (const bad of ['foo@=1', '@foo=1', 'foo@@bar=1', 'foo@bar@baz=1', 'foo@1bar=1']) {
        expect(parseTraceState(`${bad},bar=2`), bad).toBeUndefined();
      }
    });

    it('"up to 256 characters": 256 kept, 257 discard the header', () => {
      expect(parseTraceState(`foo=1,${'z'.repeat(256)}=1`)?.get('foo')).toBe('1');
      expect(parseTraceState(`foo=1,${'z'.repeat(257)}=1`)).toBeUndefined();
    });

    it('multi-tenant key: tenant-id up to 241 characters, system-id up to 14', () => {
      expect(parseTraceState(`foo=1,${'t'.repeat(241)}@${'v'.repeat(14)}=1`)?.get('foo')).toBe('1');
      expect(parseTraceState(`foo=1,${'t'.repeat(242)}@v=1`)).toBeUndefined();
      expect(parseTraceState(`foo=1,t@${'v'.repeat(15)}=1`)).toBeUndefined();
    });
  });

  describe('value', () => {
    it('accepts all printable ASCII except "," and "=", leading spaces kept', () => {
      const value = Array.from({ length: 0x7e - 0x20 + 1 }, (_, i) => String.fromCharCode(0x20 + i))
        .filter((c) => c !== ',' && c !== '=')
        .join('');
      expect(parseTraceState(`foo=${value}`)?.get('foo')).toBe(value);
    });

    it('"trailing spaces are considered to be optional whitespace characters not part of the value"', () => {
      expect(parseTraceState('foo=1 ')?.get('foo')).toBe('1');
      expect(parseTraceState('foo=a b  ')?.get('foo')).toBe('a b');
    });

    it('discards values with "=", control characters, non-ASCII or no non-space character', () => {
      for (const bad of ['foo=a=b', 'foo=a\u0001b', 'foo=caf\u00e9', 'foo=', 'foo=\u007f']) {
        expect(parseTraceState(bad), JSON.stringify(bad)).toBeUndefined();
      }
    });

    it('"up to 256 printable ASCII characters": 256 kept, 257 discard the header', () => {
      expect(parseTraceState(`foo=${'v'.repeat(256)}`)?.get('foo')).toHaveLength(256);
      expect(parseTraceState(`foo=${'v'.repeat(257)}`)).toBeUndefined();
    });
  });

  describe('limits', () => {
    const long = (key: string, size: number): string => `${key}=${'v'.repeat(size - key.length - 1)}`;

    it('propagates a combined header of 512 characters as is', () => {
      const header = [long('a', 250), long('b', 100), long('c', 160)].join(',');
      expect(header).toHaveLength(512);
      expect(serialized(header)).toBe(header);
    });

    it('"Entries larger than 128 characters long SHOULD be removed first"', () => {
      const [a, b, c, d, e, f] = [100, 200, 150, 100, 100, 100].map((size, i) =>
        long('abcdef'[i] ?? '', size),
      );
      // 100 + 200 + 150 + 100 + 3 commas = 553: c, the last large one, goes rather than d, the last.
      expect(serialized([a, b, c, d].join(','))).toBe([a, b, d].join(','));
      // 755 characters: both large ones go, from the end, before any small one.
      expect(serialized([a, b, c, d, e, f].join(','))).toBe([a, d, e, f].join(','));
    });

    it('"Then entries SHOULD be removed starting from the end of tracestate"', () => {
      const small = Array.from({ length: 6 }, (_, i) => long(`k${i}`, 100));
      // 6 × 100 + 5 commas = 605: the last one goes (5 × 100 + 4 = 504).
      expect(serialized(small.join(','))).toBe(small.slice(0, 5).join(','));
    });
  });
});

describe('W3CTraceState mutations', () => {
  it('"Add a new key/value pair": it goes to the beginning of the list', () => {
    expect(parseTraceState('rojo=1,congo=2')?.set('tf', 'x').serialize()).toBe('tf=x,rojo=1,congo=2');
  });

  it('"Modified keys MUST be moved to the beginning": congo=congosSecondPosition,rojo=rojosFirstPosition', () => {
    const state = parseTraceState('rojo=rojosFirstPosition,congo=congosFirstPosition');
    expect(state?.set('congo', 'congosSecondPosition').serialize()).toBe(
      'congo=congosSecondPosition,rojo=rojosFirstPosition',
    );
  });

  it('"the order of unmodified key/value pairs MUST be preserved" when a key is deleted', () => {
    expect(parseTraceState('a=1,b=2,c=3')?.unset('b').serialize()).toBe('a=1,c=3');
    const state = parseTraceState('a=1');
    expect(state?.unset('zz')).toBe(state);
  });

  it('makes room for a new key by removing the oldest member when 32 are there', () => {
    const state = parseTraceState(members(32))?.set('tf', 'x');
    expect(state?.get('tf')).toBe('x');
    expect(state?.get('bar32')).toBeUndefined();
    expect(state?.serialize().split(',')).toHaveLength(32);
  });

  it('makes room within 512 characters: large entries first, then from the end, never the new one', () => {
    const header = ['a', 'b', 'c', 'd', 'e'].map((k) => `${k}=${'v'.repeat(98)}`).join(','); // 504
    const state = parseTraceState(header)?.set('tf', 'x'.repeat(20));
    expect(state?.serialize()).toBe(`tf=${'x'.repeat(20)},${header.split(',').slice(0, 4).join(',')}`);
    const withLarge = parseTraceState(`a=1,big=${'v'.repeat(200)},c=${'v'.repeat(250)}`);
    expect(withLarge?.set('tf', 'x'.repeat(100)).serialize()).toBe(
      `tf=${'x'.repeat(100)},a=1,big=${'v'.repeat(200)}`,
    );
  });

  it('ignores an invalid key or value, as the spec grammar requires', () => {
    const state = new W3CTraceState();
    expect(state.set('Bad', 'x')).toBe(state);
    expect(state.set('ok', 'a,b')).toBe(state);
    expect(state.set('ok', 'a ')).toBe(state);
  });
});
