import { BuilderError, CONFIG_DEFAULTS, DEFAULT_ENDPOINT } from '@telemetryflow/domain';
import type { ExportTransport, Problem, TelemetryConfig } from '@telemetryflow/domain';
import { describe, expect, it } from 'vitest';
import { TelemetryFlowBuilder } from '../../src/builder/telemetry-flow-builder.js';

type Env = Record<string, string | undefined>;

const ID = 'tfk_env-id';
const SECRET = 'tfs_env-secret';
const transport: ExportTransport = { send: async () => ({ status: 'success' }), shutdown: async () => {} };

/** A builder over `env` that has a transport; required settings come from env or the caller. */
const builder = (env: Env): TelemetryFlowBuilder => new TelemetryFlowBuilder(env).withExporter(transport);

/** Required settings given explicitly, then auto-configuration over `env`. */
const auto = (env: Env): TelemetryConfig =>
  builder(env).withApiKey(ID, SECRET).withService('svc').withAutoConfiguration().build().config;

const problemsOf = (b: TelemetryFlowBuilder): Problem[] => {
  try {
    b.build();
  } catch (error) {
    expect(error).toBeInstanceOf(BuilderError);
    return [...(error as BuilderError).problems];
  }
  throw new Error('expected build() to throw');
};

const autoProblems = (env: Env): Problem[] =>
  problemsOf(builder(env).withApiKey(ID, SECRET).withService('svc').withAutoConfiguration());

describe('TelemetryFlowBuilder environment variables', () => {
  describe('withAutoConfiguration', () => {
    it('configures a whole client from the environment', () => {
      const config = builder({
        TELEMETRYFLOW_API_KEY_ID: ID,
        TELEMETRYFLOW_API_KEY_SECRET: SECRET,
        TELEMETRYFLOW_SERVICE_NAME: 'orders',
      })
        .withAutoConfiguration()
        .build().config;
      expect(config.credentials.keyId).toBe(ID);
      expect(config.credentials.keySecret).toBe(SECRET);
      expect(config.serviceName).toBe('orders');
      expect(config.endpoint).toBe(DEFAULT_ENDPOINT);
    });

    it('keeps the TelemetryConfig defaults when nothing is set (not the reference env defaults)', () => {
      const config = auto({});
      expect(config.timeoutMs).toBe(CONFIG_DEFAULTS.timeoutMs);
      expect(config.compression).toBe(CONFIG_DEFAULTS.compression);
      expect(config.retryBackoffMs).toBe(CONFIG_DEFAULTS.retryBackoffMs);
      expect(config.batchTimeoutMs).toBe(CONFIG_DEFAULTS.batchTimeoutMs);
    });
  });

  describe('string variables', () => {
    const cases: [string, string, (c: TelemetryConfig) => unknown, unknown][] = [
      ['TELEMETRYFLOW_ENDPOINT', 'collector:4317', (c) => c.endpoint, DEFAULT_ENDPOINT],
      ['TELEMETRYFLOW_SERVICE_NAME', 'from-env', (c) => c.serviceName, 'svc'],
      ['TELEMETRYFLOW_SERVICE_VERSION', '9.9.9', (c) => c.serviceVersion, '1.0.0'],
      ['TELEMETRYFLOW_SERVICE_NAMESPACE', 'shop', (c) => c.serviceNamespace, 'telemetryflow'],
      ['TELEMETRYFLOW_ENVIRONMENT', 'staging', (c) => c.environment, 'production'],
      ['TELEMETRYFLOW_COLLECTOR_ID', 'col-7', (c) => c.collectorId, undefined],
      ['TELEMETRYFLOW_COLLECTOR_NAME', 'edge', (c) => c.collectorName, undefined],
      ['TELEMETRYFLOW_COLLECTOR_HOSTNAME', 'host-1', (c) => c.collectorHostname, undefined],
      ['TELEMETRYFLOW_DATACENTER', 'dc-eu', (c) => c.datacenter, undefined],
    ];

    describe.each(cases)('%s', (name, value, read, fallback) => {
      it('is applied when set (trimmed)', () => {
        expect(read(auto({ [name]: ` ${value} ` }))).toBe(value);
      });

      it('leaves the default when unset', () => {
        expect(read(auto({}))).toBe(fallback);
      });

      it.each(['', '   '])('counts %j as unset', (empty) => {
        expect(read(auto({ [name]: empty }))).toBe(fallback);
      });
    });

    it('reads TELEMETRYFLOW_API_KEY_ID and TELEMETRYFLOW_API_KEY_SECRET', () => {
      const config = builder({ TELEMETRYFLOW_API_KEY_ID: 'tfk_x', TELEMETRYFLOW_API_KEY_SECRET: 'tfs_y' })
        .withService('svc')
        .withAutoConfiguration()
        .build().config;
      expect([config.credentials.keyId, config.credentials.keySecret]).toEqual(['tfk_x', 'tfs_y']);
    });

    it('treats empty API key variables as unset', () => {
      const problems = problemsOf(
        builder({ TELEMETRYFLOW_API_KEY_ID: '', TELEMETRYFLOW_API_KEY_SECRET: '' })
          .withService('svc')
          .withAutoConfiguration(),
      );
      expect(problems.map((p) => p.field)).toEqual(['keyId', 'keySecret']);
    });
  });

  describe('boolean variables', () => {
    const cases: [string, (c: TelemetryConfig) => boolean, boolean][] = [
      ['TELEMETRYFLOW_INSECURE', (c) => c.insecure, false],
      ['TELEMETRYFLOW_COMPRESSION', (c) => c.compression, true],
      ['TELEMETRYFLOW_RETRY_ENABLED', (c) => c.retryEnabled, true],
      ['TELEMETRYFLOW_ENABLE_TRACES', (c) => c.enableTraces, true],
      ['TELEMETRYFLOW_ENABLE_METRICS', (c) => c.enableMetrics, true],
      ['TELEMETRYFLOW_ENABLE_LOGS', (c) => c.enableLogs, true],
      ['TELEMETRYFLOW_ENABLE_EXEMPLARS', (c) => c.enableExemplars, true],
      ['TELEMETRYFLOW_USE_V2_API', (c) => c.useV2Api, false],
      ['TELEMETRYFLOW_V2_ONLY', (c) => c.v2Only, false],
    ];

    describe.each(cases)('%s', (name, read, fallback) => {
      it.each([
        ['true', true],
        ['YES', true],
        ['1', true],
        ['on', true],
        ['False', false],
        ['no', false],
        ['0', false],
        [' OFF ', false],
      ])('reads %j as %s', (raw, value) => {
        expect(read(auto({ [name]: raw }))).toBe(value);
      });

      it('leaves the default when unset or empty', () => {
        expect(read(auto({}))).toBe(fallback);
        expect(read(auto({ [name]: '' }))).toBe(fallback);
      });

      it('reports an unparsable value naming the variable', () => {
        expect(autoProblems({ [name]: 'maybe' })).toEqual([
          {
            field: name,
            message: `${name} must be true or false (or 1/0, yes/no, on/off), got 'maybe'`,
          },
        ]);
      });
    });
  });

  describe('integer variables', () => {
    const cases: [string, string, (c: TelemetryConfig) => number, number, number, string][] = [
      // variable, value, read, expected, default, unit phrase
      ['TELEMETRYFLOW_TIMEOUT', '10', (c) => c.timeoutMs, 10_000, CONFIG_DEFAULTS.timeoutMs, ' of seconds'],
      ['TELEMETRYFLOW_MAX_RETRIES', '7', (c) => c.maxRetries, 7, CONFIG_DEFAULTS.maxRetries, ''],
      [
        'TELEMETRYFLOW_RETRY_BACKOFF',
        '250',
        (c) => c.retryBackoffMs,
        250,
        CONFIG_DEFAULTS.retryBackoffMs,
        ' of milliseconds',
      ],
      [
        'TELEMETRYFLOW_BATCH_TIMEOUT',
        '5000',
        (c) => c.batchTimeoutMs,
        5000,
        CONFIG_DEFAULTS.batchTimeoutMs,
        ' of milliseconds',
      ],
      ['TELEMETRYFLOW_BATCH_MAX_SIZE', '64', (c) => c.batchMaxSize, 64, CONFIG_DEFAULTS.batchMaxSize, ''],
      ['TELEMETRYFLOW_RATE_LIMIT', '120', (c) => c.rateLimit, 120, CONFIG_DEFAULTS.rateLimit, ''],
      [
        'TELEMETRYFLOW_MAX_QUEUE_BYTES',
        '8388608',
        (c) => c.maxQueueBytes,
        8_388_608,
        CONFIG_DEFAULTS.maxQueueBytes,
        ' of bytes',
      ],
      [
        'TELEMETRYFLOW_ATTRIBUTE_COUNT_LIMIT',
        '32',
        (c) => c.attributeCountLimit,
        32,
        CONFIG_DEFAULTS.attributeCountLimit,
        '',
      ],
      [
        'TELEMETRYFLOW_ATTRIBUTE_VALUE_LENGTH_LIMIT',
        '1024',
        (c) => c.attributeValueLengthLimit,
        1024,
        CONFIG_DEFAULTS.attributeValueLengthLimit,
        '',
      ],
      [
        'TELEMETRYFLOW_EXIT_FLUSH_TIMEOUT',
        '2500',
        (c) => c.exitFlushTimeoutMs,
        2500,
        CONFIG_DEFAULTS.exitFlushTimeoutMs,
        ' of milliseconds',
      ],
      [
        'TELEMETRYFLOW_METRIC_CARDINALITY_LIMIT',
        '500',
        (c) => c.metricCardinalityLimit,
        500,
        CONFIG_DEFAULTS.metricCardinalityLimit,
        '',
      ],
    ];

    describe.each(cases)('%s', (name, value, read, expected, fallback, unit) => {
      it('is applied when set', () => {
        expect(read(auto({ [name]: ` ${value} ` }))).toBe(expected);
      });

      it('leaves the default when unset or empty', () => {
        expect(read(auto({}))).toBe(fallback);
        expect(read(auto({ [name]: '' }))).toBe(fallback);
      });

      it.each(['10s', '1.5', 'abc'])('reports %j naming the variable', (raw) => {
        expect(autoProblems({ [name]: raw })).toEqual([
          { field: name, message: `${name} must be a whole number${unit}, got '${raw}'` },
        ]);
      });

      it('reports a negative value', () => {
        expect(autoProblems({ [name]: '-1' }).map((p) => p.field)).toEqual([name]);
      });
    });

    it('gives the exact message for TELEMETRYFLOW_TIMEOUT=10s', () => {
      expect(autoProblems({ TELEMETRYFLOW_TIMEOUT: '10s' })).toEqual([
        {
          field: 'TELEMETRYFLOW_TIMEOUT',
          message: "TELEMETRYFLOW_TIMEOUT must be a whole number of seconds, got '10s'",
        },
      ]);
    });

    it.each([
      'TELEMETRYFLOW_TIMEOUT',
      'TELEMETRYFLOW_BATCH_MAX_SIZE',
      'TELEMETRYFLOW_RATE_LIMIT',
      'TELEMETRYFLOW_MAX_QUEUE_BYTES',
    ])('rejects 0 for %s', (name) => {
      expect(autoProblems({ [name]: '0' })).toEqual([
        { field: name, message: `${name} must be greater than 0, got '0'` },
      ]);
    });

    it('accepts TELEMETRYFLOW_MAX_RETRIES=0', () => {
      expect(auto({ TELEMETRYFLOW_MAX_RETRIES: '0' }).maxRetries).toBe(0);
    });
  });

  describe('TELEMETRYFLOW_PROTOCOL', () => {
    it.each([
      ['http', 'http'],
      ['HTTP', 'http'],
      ['grpc', 'grpc'],
      ['GRPC', 'grpc'],
    ])('reads %j', (raw, protocol) => {
      expect(auto({ TELEMETRYFLOW_PROTOCOL: raw }).protocol).toBe(protocol);
    });

    it('leaves the default when unset or empty', () => {
      expect(auto({ TELEMETRYFLOW_PROTOCOL: '' }).protocol).toBe('grpc');
    });

    it('reports an unknown protocol instead of falling back to gRPC', () => {
      expect(autoProblems({ TELEMETRYFLOW_PROTOCOL: 'udp' })).toEqual([
        {
          field: 'TELEMETRYFLOW_PROTOCOL',
          message: "TELEMETRYFLOW_PROTOCOL must be 'grpc' or 'http', got 'udp'",
        },
      ]);
    });
  });

  describe('environment fallbacks', () => {
    const environmentOf = (env: Env): string =>
      builder(env).withApiKey(ID, SECRET).withService('s').withEnvironmentFromEnv().build().config
        .environment;

    it('prefers TELEMETRYFLOW_ENVIRONMENT, then ENV, then ENVIRONMENT', () => {
      expect(environmentOf({ TELEMETRYFLOW_ENVIRONMENT: 'a', ENV: 'b', ENVIRONMENT: 'c' })).toBe('a');
      expect(environmentOf({ ENV: 'b', ENVIRONMENT: 'c' })).toBe('b');
      expect(environmentOf({ ENVIRONMENT: 'c' })).toBe('c');
    });

    it('skips empty variables', () => {
      expect(environmentOf({ TELEMETRYFLOW_ENVIRONMENT: '', ENV: '', ENVIRONMENT: 'c' })).toBe('c');
    });

    it('uses OTEL_RESOURCE_ATTRIBUTES last', () => {
      const otel = 'deployment.environment=legacy,deployment.environment.name=current';
      expect(environmentOf({ OTEL_RESOURCE_ATTRIBUTES: otel })).toBe('current');
      expect(environmentOf({ OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=legacy' })).toBe('legacy');
      expect(environmentOf({ OTEL_RESOURCE_ATTRIBUTES: otel, ENVIRONMENT: 'c' })).toBe('c');
    });

    it('applies the same order in withAutoConfiguration', () => {
      expect(auto({ ENV: 'b', ENVIRONMENT: 'c' }).environment).toBe('b');
    });
  });

  describe('*FromEnv methods', () => {
    const env: Env = {
      TELEMETRYFLOW_API_KEY_ID: 'tfk_env',
      TELEMETRYFLOW_API_KEY_SECRET: 'tfs_env',
      TELEMETRYFLOW_ENDPOINT: 'env-host:4317',
      TELEMETRYFLOW_SERVICE_NAME: 'env-svc',
      TELEMETRYFLOW_SERVICE_VERSION: '3.0.0',
      TELEMETRYFLOW_SERVICE_NAMESPACE: 'env-ns',
      TELEMETRYFLOW_ENVIRONMENT: 'env-env',
      TELEMETRYFLOW_COLLECTOR_ID: 'env-col',
      TELEMETRYFLOW_TIMEOUT: '10s',
      TELEMETRYFLOW_PROTOCOL: 'http',
    };
    const explicit = (): TelemetryFlowBuilder =>
      builder(env).withApiKey(ID, SECRET).withEndpoint('mine:4317').withService('mine', '1.2.3');

    it('withApiKeyFromEnv reads only the key pair', () => {
      const config = explicit().withApiKeyFromEnv().build().config;
      expect(config.credentials.keyId).toBe('tfk_env');
      expect([config.endpoint, config.serviceName, config.protocol]).toEqual(['mine:4317', 'mine', 'grpc']);
    });

    it('withEndpointFromEnv reads only the endpoint', () => {
      const config = explicit().withEndpointFromEnv().build().config;
      expect([config.endpoint, config.serviceName, config.credentials.keyId]).toEqual([
        'env-host:4317',
        'mine',
        ID,
      ]);
    });

    it('withServiceFromEnv reads the service name and version', () => {
      const config = explicit().withServiceFromEnv().build().config;
      expect([config.serviceName, config.serviceVersion, config.serviceNamespace]).toEqual([
        'env-svc',
        '3.0.0',
        'telemetryflow',
      ]);
    });

    it('withServiceNamespaceFromEnv reads only the namespace', () => {
      const config = explicit().withServiceNamespaceFromEnv().build().config;
      expect([config.serviceNamespace, config.serviceName]).toEqual(['env-ns', 'mine']);
    });

    it('withEnvironmentFromEnv reads only the environment', () => {
      const config = explicit().withEnvironmentFromEnv().build().config;
      expect([config.environment, config.collectorId]).toEqual(['env-env', undefined]);
    });

    it('withCollectorIdFromEnv reads only the collector id', () => {
      const config = explicit().withCollectorIdFromEnv().build().config;
      expect([config.collectorId, config.environment]).toEqual(['env-col', 'production']);
    });

    it('none of them reads the other variables (an unparsable timeout is not seen)', () => {
      const config = explicit()
        .withApiKeyFromEnv()
        .withEndpointFromEnv()
        .withServiceFromEnv()
        .withServiceNamespaceFromEnv()
        .withEnvironmentFromEnv()
        .withCollectorIdFromEnv()
        .build().config;
      expect([config.timeoutMs, config.protocol]).toEqual([CONFIG_DEFAULTS.timeoutMs, 'grpc']);
    });

    it('withAutoConfiguration reads them all', () => {
      expect(problemsOf(explicit().withAutoConfiguration()).map((p) => p.field)).toEqual([
        'TELEMETRYFLOW_TIMEOUT',
      ]);
    });
  });
});
