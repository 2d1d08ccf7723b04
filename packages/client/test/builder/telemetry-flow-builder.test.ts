import { CONFIG_DEFAULTS, DEFAULT_ENDPOINT, Protocol, SignalType } from '@telemetryflow/domain';
import type { ExportTransport, ExportTransportFactory } from '@telemetryflow/domain';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TelemetryFlowBuilder } from '../../src/builder/telemetry-flow-builder.js';
import type { Diagnostic } from '../../src/client-options.js';
import { TelemetryFlowClient } from '../../src/telemetry-flow-client.js';

const ID = 'tfk_builder-id';
const SECRET = 'tfs_builder-secret';
const transport: ExportTransport = { send: async () => ({ status: 'success' }), shutdown: async () => {} };

/** A builder with everything required, reading an empty environment. */
const base = (): TelemetryFlowBuilder =>
  new TelemetryFlowBuilder({}).withApiKey(ID, SECRET).withService('checkout').withExporter(transport);

const fieldsOf = (builder: TelemetryFlowBuilder): string[] => {
  try {
    builder.build();
  } catch (error) {
    return (error as { problems: { field: string }[] }).problems.map((p) => p.field);
  }
  throw new Error('expected build() to throw');
};

describe('TelemetryFlowBuilder', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  describe('constants', () => {
    it('has the reference SDK environment variable names', () => {
      expect(TelemetryFlowBuilder.ENV_API_KEY_ID).toBe('TELEMETRYFLOW_API_KEY_ID');
      expect(TelemetryFlowBuilder.ENV_API_KEY_SECRET).toBe('TELEMETRYFLOW_API_KEY_SECRET');
      expect(TelemetryFlowBuilder.ENV_ENDPOINT).toBe('TELEMETRYFLOW_ENDPOINT');
      expect(TelemetryFlowBuilder.ENV_SERVICE_NAME).toBe('TELEMETRYFLOW_SERVICE_NAME');
      expect(TelemetryFlowBuilder.ENV_SERVICE_VERSION).toBe('TELEMETRYFLOW_SERVICE_VERSION');
      expect(TelemetryFlowBuilder.ENV_SERVICE_NAMESPACE).toBe('TELEMETRYFLOW_SERVICE_NAMESPACE');
      expect(TelemetryFlowBuilder.ENV_ENVIRONMENT).toBe('TELEMETRYFLOW_ENVIRONMENT');
      expect(TelemetryFlowBuilder.ENV_COLLECTOR_ID).toBe('TELEMETRYFLOW_COLLECTOR_ID');
    });

    it('has one constant per extra variable', () => {
      const extras = {
        ENV_PROTOCOL: 'PROTOCOL',
        ENV_INSECURE: 'INSECURE',
        ENV_COMPRESSION: 'COMPRESSION',
        ENV_TIMEOUT: 'TIMEOUT',
        ENV_RETRY_ENABLED: 'RETRY_ENABLED',
        ENV_MAX_RETRIES: 'MAX_RETRIES',
        ENV_RETRY_BACKOFF: 'RETRY_BACKOFF',
        ENV_BATCH_TIMEOUT: 'BATCH_TIMEOUT',
        ENV_BATCH_MAX_SIZE: 'BATCH_MAX_SIZE',
        ENV_ENABLE_TRACES: 'ENABLE_TRACES',
        ENV_ENABLE_METRICS: 'ENABLE_METRICS',
        ENV_ENABLE_LOGS: 'ENABLE_LOGS',
        ENV_ENABLE_EXEMPLARS: 'ENABLE_EXEMPLARS',
        ENV_RATE_LIMIT: 'RATE_LIMIT',
        ENV_MAX_QUEUE_BYTES: 'MAX_QUEUE_BYTES',
        ENV_USE_V2_API: 'USE_V2_API',
        ENV_V2_ONLY: 'V2_ONLY',
        ENV_COLLECTOR_NAME: 'COLLECTOR_NAME',
        ENV_COLLECTOR_HOSTNAME: 'COLLECTOR_HOSTNAME',
        ENV_DATACENTER: 'DATACENTER',
        ENV_ATTRIBUTE_COUNT_LIMIT: 'ATTRIBUTE_COUNT_LIMIT',
        ENV_ATTRIBUTE_VALUE_LENGTH_LIMIT: 'ATTRIBUTE_VALUE_LENGTH_LIMIT',
        ENV_METRIC_CARDINALITY_LIMIT: 'METRIC_CARDINALITY_LIMIT',
        ENV_EXIT_FLUSH_TIMEOUT: 'EXIT_FLUSH_TIMEOUT',
      } as const;
      for (const [constant, suffix] of Object.entries(extras)) {
        expect(TelemetryFlowBuilder[constant as keyof typeof extras]).toBe(`TELEMETRYFLOW_${suffix}`);
      }
    });

    it('has the reference SDK defaults', () => {
      expect(TelemetryFlowBuilder.DEFAULT_ENDPOINT).toBe('api.telemetryflow.id:4317');
      expect(TelemetryFlowBuilder.DEFAULT_ENDPOINT).toBe(DEFAULT_ENDPOINT);
      expect(TelemetryFlowBuilder.DEFAULT_SERVICE_VERSION).toBe('1.0.0');
      expect(TelemetryFlowBuilder.DEFAULT_SERVICE_NAMESPACE).toBe('telemetryflow');
      expect(TelemetryFlowBuilder.DEFAULT_ENVIRONMENT).toBe('production');
    });
  });

  describe('defaults', () => {
    it('uses TelemetryConfig defaults and the default endpoint', () => {
      const { config } = base().build();
      expect(config.endpoint).toBe(DEFAULT_ENDPOINT);
      expect(config.serviceName).toBe('checkout');
      expect(config.credentials.keyId).toBe(ID);
      const { grpcKeepalive, ...scalars } = CONFIG_DEFAULTS;
      expect(config).toMatchObject(scalars);
      expect(config.grpcKeepalive).toEqual(grpcKeepalive);
      expect(config.customAttributes).toEqual({});
      expect(config.signalPaths).toEqual({});
      expect(config.collectorId).toBeUndefined();
      expect(config.collectorName).toBeUndefined();
      expect(config.datacenter).toBeUndefined();
    });

    it('passes only the transport in the client options', () => {
      const client = base().build();
      expect(client).toBeInstanceOf(TelemetryFlowClient);
      expect(client.options).toEqual({ transport });
    });

    it('reads process.env when no environment is given', () => {
      vi.stubEnv('TELEMETRYFLOW_SERVICE_NAME', 'from-process-env');
      const client = new TelemetryFlowBuilder()
        .withApiKey(ID, SECRET)
        .withExporter(transport)
        .withServiceFromEnv()
        .build();
      expect(client.config.serviceName).toBe('from-process-env');
    });
  });

  describe('with* methods', () => {
    it('all return the same builder', () => {
      const b = new TelemetryFlowBuilder({});
      const calls: ((x: TelemetryFlowBuilder) => TelemetryFlowBuilder)[] = [
        (x) => x.withApiKey(ID, SECRET),
        (x) => x.withApiKeyFromEnv(),
        (x) => x.withEndpoint('localhost:4317'),
        (x) => x.withEndpointFromEnv(),
        (x) => x.withService('s'),
        (x) => x.withServiceFromEnv(),
        (x) => x.withServiceNamespace('n'),
        (x) => x.withServiceNamespaceFromEnv(),
        (x) => x.withEnvironment('e'),
        (x) => x.withEnvironmentFromEnv(),
        (x) => x.withProtocol(Protocol.GRPC),
        (x) => x.withGrpc(),
        (x) => x.withHttp(),
        (x) => x.withInsecure(),
        (x) => x.withSignals(),
        (x) => x.withMetricsOnly(),
        (x) => x.withLogsOnly(),
        (x) => x.withTracesOnly(),
        (x) => x.withExemplars(),
        (x) => x.withTimeout(1),
        (x) => x.withCollectorId('c'),
        (x) => x.withCollectorIdFromEnv(),
        (x) => x.withCustomAttribute('k', 'v'),
        (x) => x.withCustomAttributes({ k: 'v' }),
        (x) => x.withCompression(),
        (x) => x.withRetry(),
        (x) => x.withBatchSettings(),
        (x) => x.withRateLimit(1),
        (x) => x.withV2Api(),
        (x) => x.withV2Only(),
        (x) => x.withCollectorName('n'),
        (x) => x.withCollectorHostname('h'),
        (x) => x.withDatacenter('d'),
        (x) => x.withSignalPath(SignalType.TRACES, '/t'),
        (x) => x.withGrpcKeepalive({}),
        (x) => x.withGrpcMessageSizes({}),
        (x) => x.withAttributeLimits({}),
        (x) => x.withMetricCardinalityLimit(1),
        (x) => x.withExporter(transport),
        (x) => x.withGlobalRegistration(),
        (x) => x.withDiagnostics(() => {}),
        (x) => x.withAutoConfiguration(),
      ];
      for (const call of calls) expect(call(b)).toBe(b);
    });

    it('withApiKey sets the credentials', () => {
      const { credentials } = base().withApiKey('tfk_other', 'tfs_other').build().config;
      expect(credentials.keyId).toBe('tfk_other');
      expect(credentials.keySecret).toBe('tfs_other');
    });

    it('withEndpoint sets the endpoint', () => {
      expect(base().withEndpoint('collector:4317').build().config.endpoint).toBe('collector:4317');
    });

    it('withService sets the name, and the version only when given', () => {
      expect(base().withService('a').build().config.serviceVersion).toBe('1.0.0');
      const config = base().withService('a', '2.3.0').withService('b').build().config;
      expect(config.serviceName).toBe('b');
      expect(config.serviceVersion).toBe('2.3.0');
    });

    it('withServiceNamespace and withEnvironment set their fields', () => {
      const config = base().withServiceNamespace('shop').withEnvironment('staging').build().config;
      expect(config.serviceNamespace).toBe('shop');
      expect(config.environment).toBe('staging');
    });

    it('withProtocol, withGrpc and withHttp set the protocol, the last call winning', () => {
      expect(base().withProtocol(Protocol.HTTP).build().config.protocol).toBe('http');
      expect(base().withHttp().build().config.protocol).toBe('http');
      expect(base().withHttp().withGrpc().build().config.protocol).toBe('grpc');
    });

    it('withInsecure defaults to true and accepts false', () => {
      expect(base().withInsecure().build().config.insecure).toBe(true);
      expect(base().withInsecure().withInsecure(false).build().config.insecure).toBe(false);
    });

    it('withSignals enables every signal not turned off', () => {
      expect(base().withTracesOnly().withSignals().build().config.getEnabledSignals()).toEqual([
        'metrics',
        'logs',
        'traces',
      ]);
      expect(base().withSignals({ logs: false }).build().config.getEnabledSignals()).toEqual([
        'metrics',
        'traces',
      ]);
    });

    it('withMetricsOnly, withLogsOnly and withTracesOnly enable one signal', () => {
      expect(base().withMetricsOnly().build().config.getEnabledSignals()).toEqual(['metrics']);
      expect(base().withLogsOnly().build().config.getEnabledSignals()).toEqual(['logs']);
      expect(base().withTracesOnly().build().config.getEnabledSignals()).toEqual(['traces']);
    });

    it('withExemplars defaults to true and accepts false', () => {
      expect(base().withExemplars(false).build().config.enableExemplars).toBe(false);
      expect(base().withExemplars(false).withExemplars().build().config.enableExemplars).toBe(true);
    });

    it('withTimeout takes milliseconds', () => {
      expect(base().withTimeout(1500).build().config.timeoutMs).toBe(1500);
      expect(base().withExitFlush(0).build().config.exitFlushTimeoutMs).toBe(0);
      expect(base().withExitFlush(2_000).build().config.exitFlushTimeoutMs).toBe(2_000);
      expect(() => base().withExitFlush(-1).build()).toThrow(/exitFlushTimeoutMs/);
    });

    it('withCollectorId sets the collector id header', () => {
      const config = base().withCollectorId('col-1').build().config;
      expect(config.collectorId).toBe('col-1');
      expect(config.getAuthHeaders()['X-TelemetryFlow-Collector-ID']).toBe('col-1');
    });

    it('withCustomAttribute and withCustomAttributes merge, later keys winning', () => {
      const config = base()
        .withCustomAttribute('team', 'payments')
        .withCustomAttributes({ region: 'eu', tier: 1 })
        .withCustomAttributes({ tier: 2, canary: true })
        .build().config;
      expect(config.customAttributes).toEqual({ team: 'payments', region: 'eu', tier: 2, canary: true });
    });

    it('withCompression defaults to true and accepts false', () => {
      expect(base().withCompression(false).build().config.compression).toBe(false);
      expect(base().withCompression(false).withCompression().build().config.compression).toBe(true);
    });

    it('withRetry sets what is given and keeps omitted values', () => {
      const set = base().withRetry(true, 5, 250).build().config;
      expect([set.retryEnabled, set.maxRetries, set.retryBackoffMs]).toEqual([true, 5, 250]);
      const kept = base().withRetry(true, 5, 250).withRetry(false).build().config;
      expect([kept.retryEnabled, kept.maxRetries, kept.retryBackoffMs]).toEqual([false, 5, 250]);
      expect(base().withRetry(true, 0).build().config.maxRetries).toBe(0);
    });

    it('withBatchSettings sets what is given and keeps omitted values', () => {
      const config = base().withBatchSettings(2000, 100).withBatchSettings(3000).build().config;
      expect([config.batchTimeoutMs, config.batchMaxSize]).toEqual([3000, 100]);
      const size = base().withBatchSettings(undefined, 64).build().config;
      expect([size.batchTimeoutMs, size.batchMaxSize]).toEqual([CONFIG_DEFAULTS.batchTimeoutMs, 64]);
    });

    it('withBatchSettings passes 0 on, so validation reports it', () => {
      expect(fieldsOf(base().withBatchSettings(0, 0))).toEqual(['batchTimeoutMs', 'batchMaxSize']);
    });

    it('withRateLimit sets export requests per minute; 0 is reported', () => {
      expect(base().withRateLimit(60).build().config.rateLimit).toBe(60);
      expect(fieldsOf(base().withRateLimit(0))).toEqual(['rateLimit']);
    });

    it("withMaxQueueBytes bounds each signal's held requests, default 32 MiB; 0 and fractions are reported", () => {
      expect(base().build().config.maxQueueBytes).toBe(32 * 1024 * 1024);
      expect(base().withMaxQueueBytes(1_048_576).build().config.maxQueueBytes).toBe(1_048_576);
      expect(fieldsOf(base().withMaxQueueBytes(0))).toEqual(['maxQueueBytes']);
      expect(fieldsOf(base().withMaxQueueBytes(1.5))).toEqual(['maxQueueBytes']);
    });

    it('withV2Api and withV2Only turn on the v2 API', () => {
      const v2 = base().withHttp().withV2Api().build().config;
      expect(v2.useV2Api).toBe(true);
      expect(v2.getSignalPath(SignalType.TRACES)).toBe('/v2/traces');
      const only = base().withV2Only().build().config;
      expect([only.v2Only, only.usesV2Api]).toEqual([true, true]);
      expect(base().withV2Api().withV2Api(false).build().config.useV2Api).toBe(false);
    });

    it('withCollectorName, withCollectorHostname and withDatacenter set the identity headers', () => {
      const config = base()
        .withCollectorName('edge')
        .withCollectorHostname('host-1')
        .withDatacenter('dc-eu')
        .build().config;
      expect(config.getExportHeaders()).toMatchObject({
        'X-TelemetryFlow-Collector-Name': 'edge',
        'X-TelemetryFlow-Collector-Hostname': 'host-1',
        'X-TelemetryFlow-Datacenter': 'dc-eu',
      });
    });

    it('withSignalPath overrides one signal path at a time', () => {
      const config = base()
        .withHttp()
        .withSignalPath(SignalType.TRACES, '/otlp/traces')
        .withSignalPath(SignalType.LOGS, '/otlp/logs')
        .build().config;
      expect(config.signalPaths).toEqual({ traces: '/otlp/traces', logs: '/otlp/logs' });
      expect(config.getSignalPath(SignalType.METRICS)).toBe('/v1/metrics');
    });

    it('withGrpcKeepalive merges into earlier calls and the defaults', () => {
      const config = base()
        .withGrpcKeepalive({ timeMs: 20_000 })
        .withGrpcKeepalive({ permitWithoutStream: false })
        .build().config;
      expect(config.grpcKeepalive).toEqual({
        timeMs: 20_000,
        timeoutMs: CONFIG_DEFAULTS.grpcKeepalive.timeoutMs,
        permitWithoutStream: false,
      });
    });

    it('withGrpcMessageSizes sets what is given', () => {
      const config = base()
        .withGrpcMessageSizes({ maxReceive: 1024, maxSend: 2048 })
        .withGrpcMessageSizes({ maxSend: 4096 })
        .build().config;
      expect([config.grpcMaxReceiveMessageSize, config.grpcMaxSendMessageSize]).toEqual([1024, 4096]);
    });

    it('withAttributeLimits sets what is given, keeping the rest', () => {
      const config = base()
        .withAttributeLimits({ count: 10, valueLength: 100 })
        .withAttributeLimits({ valueLength: 50 })
        .build().config;
      expect([config.attributeCountLimit, config.attributeValueLengthLimit]).toEqual([10, 50]);
    });

    it('withMetricCardinalityLimit sets the limit', () => {
      expect(base().withMetricCardinalityLimit(500).build().config.metricCardinalityLimit).toBe(500);
    });

    it('withExporter accepts a transport factory', () => {
      const factory: ExportTransportFactory = () => transport;
      expect(base().withExporter(factory).build().options.transport).toBe(factory);
    });

    it('withGlobalRegistration sets ClientOptions.registerGlobal', () => {
      expect(base().withGlobalRegistration().build().options.registerGlobal).toBe(true);
      expect(base().withGlobalRegistration(false).build().options.registerGlobal).toBe(false);
    });

    it('withDiagnostics sets ClientOptions.onDiagnostic', () => {
      const seen: Diagnostic[] = [];
      const handler = (d: Diagnostic): void => {
        seen.push(d);
      };
      const { options } = base().withDiagnostics(handler).build();
      expect(options.onDiagnostic).toBe(handler);
    });
  });

  describe('build', () => {
    it('creates a new client each time', () => {
      const builder = base();
      const first = builder.build();
      const second = builder.withService('other').build();
      expect(second).not.toBe(first);
      expect(first.config.serviceName).toBe('checkout');
      expect(second.config.serviceName).toBe('other');
    });

    it('is not affected by later attribute changes', () => {
      const builder = base().withCustomAttribute('a', 1);
      const first = builder.build();
      builder.withCustomAttribute('b', 2);
      expect(first.config.customAttributes).toEqual({ a: 1 });
      expect(builder.build().config.customAttributes).toEqual({ a: 1, b: 2 });
    });

    it('mustBuild builds the same way', () => {
      const client = base().withEnvironment('dev').mustBuild();
      expect(client).toBeInstanceOf(TelemetryFlowClient);
      expect(client.config.environment).toBe('dev');
      expect(fieldsOf(base().withTimeout(0))).toEqual(['timeoutMs']);
      expect(() => base().withTimeout(0).mustBuild()).toThrow(/timeoutMs/);
    });
  });
});
