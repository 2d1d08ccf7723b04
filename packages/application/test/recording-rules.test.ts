import { describe, expect, it } from 'vitest';
import {
  MAX_ATTRIBUTE_KEY_LENGTH,
  RecordingStats,
  cleanText,
  cleanUnit,
  cutAttributeValues,
  cutText,
  normalizeAttributes,
} from '../src/index.js';

describe('normalizeAttributes', () => {
  it('passes clean attributes through without copying', () => {
    const stats = new RecordingStats();
    const clean = {
      s: 'x',
      n: 1.5,
      b: false,
      ss: ['a', 'b'],
      ns: [1, 2],
      bs: [true],
      withNull: ['a', null],
      empty: [],
    };
    expect(normalizeAttributes(clean, stats)).toBe(clean);
    expect(stats.droppedAttributes).toBe(0);
  });

  it('returns undefined for nullish input', () => {
    const stats = new RecordingStats();
    expect(normalizeAttributes(undefined, stats)).toBeUndefined();
    expect(normalizeAttributes(null, stats)).toBeUndefined();
    expect(stats.droppedAttributes).toBe(0);
  });

  it.each([
    ['a string', 'k=v'],
    ['a number', 5],
    ['an array', ['a']],
  ])('drops %s given as attributes', (_c, input) => {
    const stats = new RecordingStats();
    expect(normalizeAttributes(input, stats)).toBeUndefined();
    expect(stats.droppedAttributes).toBe(1);
    expect(stats.lastInvalidReason).toBe('attributes must be a plain object');
  });

  it('coerces what OTLP cannot carry and drops what has no value', () => {
    const stats = new RecordingStats();
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic['self'] = cyclic;
    const out = normalizeAttributes(
      {
        ok: 'yes',
        count: 3,
        ratio: 0.5,
        flag: false,
        list: ['a', 'b'],
        nan: Number.NaN,
        inf: Number.NEGATIVE_INFINITY,
        big: 12345678901234567890n,
        date: new Date(0),
        badDate: new Date(Number.NaN),
        nested: { a: [1, { b: 2n }] },
        cyclic,
        error: new Error('boom'),
        mixed: [1, 'a', true],
        objects: [{ a: 1 }],
        nanArray: [1, Number.NaN],
        undef: undefined,
        nul: null,
        sym: Symbol('s'),
        fn: () => 1,
        '': 'empty key',
      },
      stats,
    );
    expect(out).toEqual({
      ok: 'yes',
      count: 3,
      ratio: 0.5,
      flag: false,
      list: ['a', 'b'],
      nan: 'NaN',
      inf: '-Infinity',
      big: '12345678901234567890',
      date: '1970-01-01T00:00:00.000Z',
      nested: '{"a":[1,{"b":"2"}]}',
      cyclic: '{"a":1,"self":"[Circular]"}',
      error: 'boom',
      mixed: ['1', 'a', 'true'],
      objects: ['{"a":1}'],
      nanArray: ['1', 'NaN'],
    });
    expect(stats.droppedAttributes).toBe(6);
  });

  it('caps text made from objects at 4 KiB', () => {
    const out = normalizeAttributes({ big: { s: 'x'.repeat(10_000) } }, new RecordingStats());
    expect((out?.['big'] as string).length).toBe(4096);
  });

  it('drops a record that cannot be read at all (a proxy), keeping the recording', () => {
    const stats = new RecordingStats();
    const hostile = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('no');
        },
      },
    );
    expect(normalizeAttributes(hostile, stats)).toBeUndefined();
    expect(stats.droppedAttributes).toBe(1);
    expect(stats.lastInvalidReason).toBe('attributes could not be read');
  });

  it('drops only the values that throw when read, keeping the others', () => {
    const stats = new RecordingStats();
    const unreadable = new Proxy(
      {},
      {
        getPrototypeOf: () => {
          throw new Error('no');
        },
      },
    );
    const record = {
      ok: 'kept',
      get a() {
        throw new Error('no');
      },
      proxy: unreadable,
    };
    expect(normalizeAttributes(record, stats)).toEqual({ ok: 'kept' });
    expect(stats.droppedAttributes).toBe(2);
  });

  it('drops and counts __proto__ keys, which OpenTelemetry JS cannot store', () => {
    const stats = new RecordingStats();
    const record = JSON.parse('{"__proto__": "x", "ok": 1}') as Record<string, unknown>;
    const out = normalizeAttributes(record, stats);
    expect(Object.keys(out ?? {})).toEqual(['ok']);
    expect(Object.hasOwn(out ?? {}, '__proto__')).toBe(false);
    expect(stats.droppedAttributes).toBe(1);
  });
});
describe('normalizeAttributes with limits', () => {
  it('returns the same object when it is within the limits', () => {
    const attributes = { a: 'short', b: ['x', 'y'], c: 1 };
    expect(normalizeAttributes(attributes, new RecordingStats(), { count: 3, valueLength: 5 })).toBe(
      attributes,
    );
  });

  it('keeps the first `count` usable attributes and cuts strings, in arrays too, without counting them', () => {
    const stats = new RecordingStats();
    const limited = normalizeAttributes(
      { a: 'abcdef', gone: undefined, b: ['abcdef', 'x'], c: 1, d: 2 },
      stats,
      { count: 3, valueLength: 3 },
    );
    expect(limited).toEqual({ a: 'abc', b: ['abc', 'x'], c: 1 });
    expect(stats.droppedAttributes).toBe(1); // `gone` has no value; `d` is past the count limit
  });

  it('cuts values made from objects as well', () => {
    const out = normalizeAttributes({ o: { k: 'v'.repeat(10) } }, new RecordingStats(), {
      count: 10,
      valueLength: 4,
    });
    expect(out).toEqual({ o: '{"k"' });
  });
});

describe('cutAttributeValues', () => {
  it('cuts long strings as copies and leaves the rest, the same object when nothing is long', () => {
    const short = { a: 'ab', n: 1 };
    expect(cutAttributeValues(short, 2)).toBe(short);
    expect(cutAttributeValues({ a: 'abc', l: ['abc', 'x'], n: 1 }, 2)).toEqual({
      a: 'ab',
      l: ['ab', 'x'],
      n: 1,
    });
    expect(cutAttributeValues(undefined, 2)).toBeUndefined();
  });
});

describe('cleanText', () => {
  it('turns values into text, or undefined when there is none', () => {
    expect(cleanText('hi')).toBe('hi');
    expect(cleanText(42)).toBe('42');
    expect(cleanText(false)).toBe('false');
    expect(cleanText(7n)).toBe('7');
    expect(cleanText(new TypeError('bad'))).toBe('bad');
    expect(cleanText(new Error(''))).toBe('Error');
    expect(cleanText({ a: 1 })).toBe('{"a":1}');
    for (const none of ['', undefined, null, Symbol('x'), () => 1]) expect(cleanText(none)).toBeUndefined();
    const unreadable = new Proxy(
      {},
      {
        getPrototypeOf: () => {
          throw new Error('no');
        },
      },
    );
    expect(cleanText(unreadable)).toBeUndefined();
  });
});

describe('cleanText of structured values', () => {
  it('keeps what JSON would drop or mangle inside an object readable', () => {
    const err = new TypeError('db refused');
    const parsed = JSON.parse(cleanText({ msg: 'request failed', err }) ?? '') as {
      msg: string;
      err: Record<string, unknown>;
    };
    expect(parsed.msg).toBe('request failed');
    expect(parsed.err).toMatchObject({ name: 'TypeError', message: 'db refused' });
    expect(parsed.err['stack']).toMatch(/^TypeError: db refused\n\s+at /);

    const withCause = Object.assign(new Error('outer', { cause: new RangeError('inner') }), { code: 'E_DB' });
    expect(JSON.parse(cleanText({ e: withCause }) ?? '')).toMatchObject({
      e: { name: 'Error', message: 'outer', code: 'E_DB', cause: { name: 'RangeError', message: 'inner' } },
    });

    expect(
      JSON.parse(
        cleanText({
          map: new Map<unknown, unknown>([
            ['a', 1],
            [2, 'b'],
          ]),
          set: new Set([1, 'x']),
          big: 12345678901234567890n,
          nan: Number.NaN,
          inf: -Infinity,
          re: /a+b/gi,
          sym: Symbol('s'),
          fn: function handler() {
            return 1;
          },
          bytes: new Uint8Array([1, 2, 3]),
          when: new Date(Number.NaN),
        }) ?? '',
      ),
    ).toEqual({
      map: { a: 1, '2': 'b' },
      set: [1, 'x'],
      big: '12345678901234567890',
      nan: 'NaN',
      inf: '-Infinity',
      re: '/a+b/gi',
      sym: 'Symbol(s)',
      fn: '[Function handler]',
      bytes: [1, 2, 3],
      when: 'Invalid Date',
    });
  });

  it('cuts cycles through errors and collections too', () => {
    const err = new Error('loop') as Error & { self?: unknown };
    err.self = err;
    const map = new Map<string, unknown>();
    map.set('me', map);
    expect(JSON.parse(cleanText({ err, map }) ?? '')).toMatchObject({
      err: { message: 'loop', self: '[Circular]' },
      map: { me: '[Circular]' },
    });
  });
});

describe('cutText', () => {
  it('keeps short text as it is, cuts long text, never inside a surrogate pair', () => {
    const short = 'abc';
    expect(cutText(short, 3)).toBe(short);
    expect(cutText('abcdef', 4)).toBe('abcd');
    expect(cutText('ab😀cd', 3)).toBe('ab'); // U+1F600 is two UTF-16 units: not cut in half
    expect(cutText('ab😀cd', 4)).toBe('ab😀');
  });
});

describe('attribute keys', () => {
  it('drops an attribute whose key is longer than 256 characters, and counts it', () => {
    const stats = new RecordingStats();
    const longest = 'k'.repeat(MAX_ATTRIBUTE_KEY_LENGTH);
    expect(normalizeAttributes({ [longest]: 1, [`${longest}x`]: 2 }, stats)).toEqual({ [longest]: 1 });
    expect(stats.droppedAttributes).toBe(1);
  });
});

describe('cleanUnit', () => {
  it('keeps printable ASCII units up to 63 characters', () => {
    expect(cleanUnit('ms')).toBe('ms');
    expect(cleanUnit('{request}')).toBe('{request}');
    expect(cleanUnit('x'.repeat(63))).toBe('x'.repeat(63));
    expect(cleanUnit('x'.repeat(64))).toBe('');
    expect(cleanUnit('°C')).toBe('');
    expect(cleanUnit(undefined)).toBe('');
  });
});
