import fc from 'fast-check';
import {
  BuilderError,
  ConfigError,
  Credentials,
  CredentialsError,
  TelemetryConfig,
  TelemetryFlowBuilder,
  TelemetryFlowError,
} from '@telemetryflow/client';
import type { Problem, TelemetryConfigOptions } from '@telemetryflow/client';
import { InMemoryTransport } from '@telemetryflow-internal/test-utils';
import { describe, expect, it } from 'vitest';
import { KEY_ID, SECRET, findSecret } from '../support/secrets.js';

const credentials = Credentials.create(KEY_ID, SECRET);
const base: TelemetryConfigOptions = { credentials, endpoint: '127.0.0.1:4317', serviceName: 'svc' };

/** The problems of `fn`'s error, checking that it is the typed error expected. */
const problemsOf = (
  fn: () => unknown,
  type: typeof ConfigError | typeof BuilderError,
): readonly Problem[] => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(type);
    expect(error).toBeInstanceOf(TelemetryFlowError);
    expect(findSecret(String(error))).toBeUndefined();
    return (error as ConfigError).problems;
  }
  throw new Error('expected an error');
};

/** How a message names a field: by its name, or in words (the builder's own messages). */
const LABELS: Readonly<Record<string, string>> = {
  keyId: 'API key ID',
  keySecret: 'API key secret',
  serviceName: 'service name',
};
const expectNamed = (problems: readonly Problem[], field: string): void => {
  const problem = problems.find((p) => p.field === field || p.field.startsWith(`${field}.`));
  expect(problem, `a problem for ${field} in ${JSON.stringify(problems)}`).toBeDefined();
  const names = [field, LABELS[field]].filter((n) => n !== undefined);
  expect(
    names.some((n) => problem?.message.includes(n)),
    `${problem?.message} names ${field}`,
  ).toBe(true);
};

const INJECTIONS = [
  'a\r\nX-Injected: 1',
  'a\nb',
  'a\rb',
  'a\u0000b',
  'caf\u00e9',
  'a\u007fb',
  'emoji\u{1F600}',
];

/** Invalid values of every option, by kind. */
const notPositive = fc.constantFrom<unknown>(0, -1, Number.NaN, Infinity, '10', null, true);
const notPositiveInt = fc.constantFrom<unknown>(0, -1, 1.5, Number.NaN, Infinity, '10', null);
const notBoolean = fc.constantFrom<unknown>('true', 1, 0, null, {});
const notHeaderValue = fc.oneof(fc.constantFrom(...INJECTIONS), fc.constantFrom<unknown>('', 42, {}));
const INVALID: Readonly<Record<string, fc.Arbitrary<unknown>>> = {
  endpoint: fc.constantFrom<unknown>(
    '',
    'localhost',
    'host:99999',
    'ftp://x:1',
    'http://u:p@h:1',
    42,
    'a b:1',
  ),
  serviceName: fc.constantFrom<unknown>('', '   ', 42, null),
  serviceVersion: fc.constantFrom<unknown>('', ' ', 7),
  serviceNamespace: fc.constantFrom<unknown>(3, null, {}),
  environment: fc.oneof(fc.constantFrom<unknown>('', ' '), notHeaderValue),
  protocol: fc.constantFrom<unknown>('udp', 'GRPC ', 1, null),
  timeoutMs: notPositive,
  retryBackoffMs: notPositive,
  batchTimeoutMs: notPositive,
  rateLimit: notPositive,
  batchMaxSize: notPositiveInt,
  grpcMaxReceiveMessageSize: notPositiveInt,
  grpcMaxSendMessageSize: notPositiveInt,
  attributeCountLimit: notPositiveInt,
  attributeValueLengthLimit: notPositiveInt,
  metricCardinalityLimit: notPositiveInt,
  maxRetries: fc.constantFrom<unknown>(-1, 1.5, Number.NaN, '3', null),
  insecure: notBoolean,
  compression: notBoolean,
  retryEnabled: notBoolean,
  enableMetrics: notBoolean,
  enableLogs: notBoolean,
  enableTraces: notBoolean,
  enableExemplars: notBoolean,
  useV2Api: notBoolean,
  v2Only: notBoolean,
  collectorId: notHeaderValue,
  collectorName: notHeaderValue,
  collectorHostname: notHeaderValue,
  datacenter: notHeaderValue,
  customAttributes: fc.constantFrom<unknown>(
    [],
    'a=b',
    { '': 'x' },
    { k: {} },
    { k: Number.NaN },
    { k: null },
  ),
  signalPaths: fc.constantFrom<unknown>(
    { traces: 'no-slash' },
    { spans: '/x' },
    { logs: '/a b' },
    { logs: '/a?q' },
  ),
  grpcKeepalive: fc.constantFrom<unknown>({ timeMs: 0 }, { timeoutMs: -1 }, { permitWithoutStream: 'yes' }),
};

describe('TelemetryConfig validation', () => {
  it('reports every invalid field at once, in a ConfigError whose messages name each field', () => {
    const fields = fc.uniqueArray(fc.constantFrom(...Object.keys(INVALID)), { minLength: 1, maxLength: 5 });
    const invalid = fields.chain((names) =>
      fc.tuple(
        ...names.map((name) => (INVALID[name] as fc.Arbitrary<unknown>).map((v) => [name, v] as const)),
      ),
    );
    fc.assert(
      fc.property(invalid, (entries) => {
        // An http:// endpoint needs insecure; keep the protocol valid unless it is under test.
        const options = { ...base, ...Object.fromEntries(entries) };
        const problems = problemsOf(() => TelemetryConfig.create(options), ConfigError);
        for (const [field] of entries) expectNamed(problems, field);
      }),
      { numRuns: 500 },
    );
  });

  it('accepts the new limits and applies their defaults', () => {
    expect(TelemetryConfig.create(base)).toMatchObject({
      attributeCountLimit: 128,
      attributeValueLengthLimit: 4096,
      metricCardinalityLimit: 2000,
    });
  });
});

describe('TelemetryFlowBuilder errors', () => {
  const transport = new InMemoryTransport();
  const builder = (env: Record<string, string> = {}) =>
    new TelemetryFlowBuilder(env).withApiKey(KEY_ID, SECRET).withService('svc').withExporter(transport);

  it.each<[string, (b: TelemetryFlowBuilder) => TelemetryFlowBuilder, string]>([
    ['withApiKey (id)', (b) => b.withApiKey('key', SECRET), 'keyId'],
    ['withApiKey (secret)', (b) => b.withApiKey(KEY_ID, 'secret'), 'keySecret'],
    ['withEndpoint', (b) => b.withEndpoint('no-port'), 'endpoint'],
    ['withService', (b) => b.withService(' '), 'serviceName'],
    ['withEnvironment', (b) => b.withEnvironment(''), 'environment'],
    ['withProtocol', (b) => b.withProtocol('udp' as never), 'protocol'],
    ['withTimeout', (b) => b.withTimeout(0), 'timeoutMs'],
    ['withRetry', (b) => b.withRetry(true, -1), 'maxRetries'],
    ['withRetry backoff', (b) => b.withRetry(true, 1, Number.NaN), 'retryBackoffMs'],
    ['withBatchSettings', (b) => b.withBatchSettings(0), 'batchTimeoutMs'],
    ['withBatchSettings size', (b) => b.withBatchSettings(10, 1.5), 'batchMaxSize'],
    ['withRateLimit', (b) => b.withRateLimit(-5), 'rateLimit'],
    ['withAttributeLimits count', (b) => b.withAttributeLimits({ count: 0 }), 'attributeCountLimit'],
    [
      'withAttributeLimits length',
      (b) => b.withAttributeLimits({ valueLength: 1.5 }),
      'attributeValueLengthLimit',
    ],
    ['withMetricCardinalityLimit', (b) => b.withMetricCardinalityLimit(0), 'metricCardinalityLimit'],
    ['withGrpcKeepalive', (b) => b.withGrpcKeepalive({ timeMs: 0 }), 'grpcKeepalive'],
    ['withGrpcMessageSizes', (b) => b.withGrpcMessageSizes({ maxSend: -1 }), 'grpcMaxSendMessageSize'],
    ['withCustomAttribute', (b) => b.withCustomAttribute('k', Number.NaN), 'customAttributes'],
    ['withSignalPath', (b) => b.withSignalPath('traces', 'traces'), 'signalPaths'],
    ['withCollectorId', (b) => b.withCollectorId(''), 'collectorId'],
  ])('%s: a BuilderError naming the field', (_name, configure, field) => {
    expectNamed(
      problemsOf(() => configure(builder()).build(), BuilderError),
      field,
    );
  });

  it.each([
    ['TELEMETRYFLOW_TIMEOUT', '10s'],
    ['TELEMETRYFLOW_MAX_RETRIES', '-1'],
    ['TELEMETRYFLOW_BATCH_MAX_SIZE', 'many'],
    ['TELEMETRYFLOW_ATTRIBUTE_COUNT_LIMIT', '0'],
    ['TELEMETRYFLOW_ATTRIBUTE_VALUE_LENGTH_LIMIT', '4k'],
    ['TELEMETRYFLOW_METRIC_CARDINALITY_LIMIT', '-2000'],
    ['TELEMETRYFLOW_COMPRESSION', 'maybe'],
    ['TELEMETRYFLOW_PROTOCOL', 'udp'],
    ['OTEL_EXPORTER_OTLP_PROTOCOL', 'http/json'],
  ])('%s=%s: a BuilderError naming the variable', (name, value) => {
    const problems = problemsOf(
      () =>
        builder({ [name]: value })
          .withAutoConfiguration()
          .build(),
      BuilderError,
    );
    expectNamed(problems, name);
  });
});

/** A build of a valid builder changed by `configure`, with `env` as its environment, to call later. */
const build =
  (configure: (b: TelemetryFlowBuilder) => TelemetryFlowBuilder, env = {}) =>
  () =>
    configure(
      new TelemetryFlowBuilder(env)
        .withApiKey(KEY_ID, SECRET)
        .withService('svc')
        .withExporter(new InMemoryTransport()),
    ).build();

describe('header injection', () => {
  const settings: [string, (b: TelemetryFlowBuilder, v: string) => TelemetryFlowBuilder, string][] = [
    ['keyId', (b, v) => b.withApiKey(`tfk_${v}`, SECRET), 'TELEMETRYFLOW_API_KEY_ID'],
    ['keySecret', (b, v) => b.withApiKey(KEY_ID, `tfs_${v}`), 'TELEMETRYFLOW_API_KEY_SECRET'],
    ['collectorId', (b, v) => b.withCollectorId(v), 'TELEMETRYFLOW_COLLECTOR_ID'],
    ['collectorName', (b, v) => b.withCollectorName(v), 'TELEMETRYFLOW_COLLECTOR_NAME'],
    ['collectorHostname', (b, v) => b.withCollectorHostname(v), 'TELEMETRYFLOW_COLLECTOR_HOSTNAME'],
    ['datacenter', (b, v) => b.withDatacenter(v), 'TELEMETRYFLOW_DATACENTER'],
    ['environment', (b, v) => b.withEnvironment(v), 'TELEMETRYFLOW_ENVIRONMENT'],
  ];

  describe.each(settings)('%s', (field, set, variable) => {
    it.each(INJECTIONS)('rejects %j from the builder', (value) => {
      expectNamed(
        problemsOf(
          build((b) => set(b, value)),
          BuilderError,
        ),
        field,
      );
    });

    it.each(INJECTIONS)('rejects %j from the environment', (value) => {
      const prefixed = field === 'keyId' ? `tfk_${value}` : field === 'keySecret' ? `tfs_${value}` : value;
      const env = { [variable]: prefixed };
      expectNamed(
        problemsOf(
          build((b) => b.withAutoConfiguration(), env),
          BuilderError,
        ),
        field,
      );
    });
  });

  it('never rejects a credentials value by echoing it', () => {
    expect(() => Credentials.create(KEY_ID, `${SECRET}\r\nX: 1`)).toThrow(CredentialsError);
    try {
      Credentials.create(KEY_ID, `${SECRET}\r\nX: 1`);
    } catch (error) {
      expect(findSecret(JSON.stringify(error) + String(error))).toBeUndefined();
    }
  });
});

describe('control characters in settings that reach a URL or a resource attribute', () => {
  const CONTROLS = ['a\r\nX-Injected: 1', 'a\tb', 'a\u0000b', 'a\u007fb', 'a\u0085b'];
  const settings: [
    string,
    (b: TelemetryFlowBuilder, v: string) => TelemetryFlowBuilder,
    Record<string, string>,
  ][] = [
    ['endpoint', (b, v) => b.withHttp().withInsecure().withEndpoint(`http://127.0.0.1:4318/otlp${v}`), {}],
    ['endpoint', (b, v) => b.withEndpoint(`127.0.0.1:4317${v}`), {}],
    ['serviceName', (b, v) => b.withService(`svc${v}`), {}],
    ['serviceVersion', (b, v) => b.withService('svc', `1.0${v}`), {}],
    ['serviceNamespace', (b, v) => b.withServiceNamespace(`ns${v}`), {}],
    ['customAttributes', (b, v) => b.withCustomAttribute('team', `core${v}`), {}],
    ['customAttributes', (b, v) => b.withCustomAttribute(`team${v}`, 'core'), {}],
  ];

  describe.each(settings)('%s', (field, set) => {
    it.each(CONTROLS)('rejects %j from the builder, naming the field', (value) => {
      expectNamed(
        problemsOf(
          build((b) => set(b, value)),
          BuilderError,
        ),
        field,
      );
    });
  });

  it.each([
    ['endpoint', { TELEMETRYFLOW_ENDPOINT: '127.0.0.1:4317\r\nX: 1' }],
    ['OTEL_EXPORTER_OTLP_ENDPOINT', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318\t/v1' }],
    ['serviceName', { TELEMETRYFLOW_SERVICE_NAME: 'svc\nX-Injected: 1' }],
    ['serviceName', { OTEL_SERVICE_NAME: 'svc\u0000' }],
    ['serviceVersion', { TELEMETRYFLOW_SERVICE_VERSION: '1\r2' }],
    ['customAttributes', { OTEL_RESOURCE_ATTRIBUTES: 'team=core\u0007' }],
  ])('rejects %s with a control character from the environment', (field, env) => {
    expectNamed(
      problemsOf(
        build((b) => b.withAutoConfiguration(), env),
        BuilderError,
      ),
      field,
    );
  });

  it('keeps printable Unicode, which resource attributes may carry', () => {
    expect(
      build((b) =>
        b.withService('café-✓', '1.0').withServiceNamespace('équipe').withCustomAttribute('owner', 'zoë'),
      )(),
    ).toBeDefined();
  });
});
