import fc from 'fast-check';

/** One 1 MiB string, shared: a generated case refers to it instead of allocating its own. */
export const ONE_MB = 'm'.repeat(1024 * 1024);

const cyclic = (): Record<string, unknown> => {
  const node: Record<string, unknown> = { name: 'loop' };
  node['self'] = node;
  node['list'] = [node, 1];
  return node;
};

/** Names a hostile object for fast-check's reports (which would otherwise trip over it too). */
const named = <T extends object>(name: string, value: T): T =>
  Object.defineProperty(value, fc.toStringMethod, { value: () => name, enumerable: false });

/** Objects that fight back when read: throwing getters, `toJSON`, `toString`, proxies. */
export const UNREADABLE = new Proxy(
  {},
  {
    ownKeys() {
      throw new Error('ownKeys');
    },
    has: (_target, key) => key === fc.toStringMethod,
    get(_target, key) {
      if (key === fc.toStringMethod) return () => '<proxy that throws>';
      throw new Error('get');
    },
    getPrototypeOf() {
      throw new Error('getPrototypeOf');
    },
  },
);

const treacherous = fc.constantFrom<unknown>(
  named(
    '<throwing getter>',
    Object.defineProperty({}, 'boom', {
      enumerable: true,
      get() {
        throw new Error('getter');
      },
    }),
  ),
  named('<throwing toJSON>', {
    toJSON() {
      throw new Error('toJSON');
    },
  }),
  named('<throwing toString>', {
    toString() {
      throw new Error('toString');
    },
    [Symbol.toPrimitive]() {
      throw new Error('toPrimitive');
    },
  }),
  UNREADABLE,
  named('<null prototype>', Object.create(null) as object),
);

const primitive = fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.double(), fc.boolean());

/** Every kind of value an application may pass where an attribute value is expected. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { depthSize: 'small' },
  primitive,
  fc.constantFrom<unknown>(undefined, null, Number.NaN, Infinity, -Infinity, -0, ONE_MB, ''),
  fc.bigInt(),
  fc.string().map((s) => Symbol(s)),
  fc.constant(() => 'fn'),
  fc.date({ noInvalidDate: false }),
  fc.string().map((message) => new Error(message)),
  fc.array(fc.string({ maxLength: 8 }), { maxLength: 4 }),
  fc.array(fc.integer(), { maxLength: 4 }),
  fc.array(fc.oneof(primitive, fc.constantFrom<unknown>(null, undefined, 2n, ONE_MB)), { maxLength: 5 }),
  fc.array(fc.object({ maxDepth: 1 }), { maxLength: 2 }),
  fc.object({ maxDepth: 2, maxKeys: 4 }),
  fc.constant(null).map(cyclic),
  treacherous,
);

/** Attribute keys: ordinary, empty, prototype-ish, control characters, long. */
export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('', ' ', 'toString', 'constructor', 'hasOwnProperty', 'a\r\nb', 'k'.repeat(300)),
  fc.string({ unit: 'binary', maxLength: 6 }),
);

/** Plain attribute records with hostile keys and values. */
export const hostileRecord: fc.Arbitrary<Record<string, unknown>> = fc.dictionary(hostileKey, hostileValue, {
  maxKeys: 6,
});

/** Records with more attributes than the count limit. */
export const crowdedRecord = (count: number): fc.Arbitrary<Record<string, unknown>> =>
  fc.integer({ min: 1, max: count }).map((extra) => {
    const record: Record<string, unknown> = {};
    for (let i = 0; i < count + extra; i++) record[`k${i}`] = i;
    return record;
  });

/** Whatever an application may pass as the `attributes` argument. */
export const hostileAttributes = (countLimit: number): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 6, arbitrary: hostileRecord },
    { weight: 1, arbitrary: crowdedRecord(countLimit) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(undefined, null, 'text', 42, [1, 2], ONE_MB) },
    { weight: 1, arbitrary: treacherous },
  );

/** Text-ish input for names and messages. */
export const hostileText: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom<unknown>('', undefined, null, ONE_MB, 0, false, 12n, Symbol('name')),
  fc.constant(() => 'fn'),
  fc.string().map((message) => new Error(message)),
  fc.object({ maxDepth: 1, maxKeys: 3 }),
  fc.constant(null).map(cyclic),
  treacherous,
);

/** Metric names: a few valid ones (reused, so kinds collide), and anything else. */
export const metricName: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom('orders.total', 'queue.depth', 'latency', 'http/server', 'A_b-c.d'),
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9_./-]{0,20}$/),
  hostileText,
  fc.constantFrom('1abc', 'with space', 'é', 'x'.repeat(256)),
);

/** Metric values: finite, negative, non-finite, not numbers. */
export const metricValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom<unknown>(undefined, null, '12', 3n, Number.NaN, Infinity, -1),
);

/** Severities and span kinds from inside and outside their enums. */
export const severity: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom('trace', 'debug', 'info', 'warn', 'error', 'fatal'),
  fc.constantFrom<unknown>('INFO', 'critical', '', 9, null, undefined, {}, Symbol('sev')),
);

export const spanKind: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom('internal', 'server', 'client', 'producer', 'consumer'),
  fc.constantFrom<unknown>('SERVER', 'sideways', '', 1, null, undefined, {}, Symbol('kind')),
);

export const spanStatus: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom('unset', 'ok', 'error'),
  fc.constantFrom<unknown>('ERROR', 'bad', 2, null, undefined),
);
