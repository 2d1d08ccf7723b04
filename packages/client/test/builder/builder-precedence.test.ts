import { BuilderError, CONFIG_DEFAULTS } from '@telemetryflow/domain';
import type { ExportTransport, Problem, TelemetryConfig } from '@telemetryflow/domain';
import { describe, expect, it } from 'vitest';
import { TelemetryFlowBuilder } from '../../src/builder/telemetry-flow-builder.js';

type Env = Record<string, string | undefined>;

const ID = 'tfk_prec-id';
const SECRET = 'tfs_prec-secret';
const transport: ExportTransport = { send: async () => ({ status: 'success' }), shutdown: async () => {} };

const builder = (env: Env): TelemetryFlowBuilder =>
  new TelemetryFlowBuilder(env).withExporter(transport).withApiKey(ID, SECRET);

const problemsOf = (b: TelemetryFlowBuilder): Problem[] => {
  try {
    b.build();
  } catch (error) {
    expect(error).toBeInstanceOf(BuilderError);
    return [...(error as BuilderError).problems];
  }
  throw new Error('expected build() to throw');
};

const auto = (env: Env): TelemetryConfig =>
  builder(env).withService('svc').withAutoConfiguration().build().config;

describe('TelemetryFlowBuilder precedence', () => {
  it('keeps settings made before withAutoConfiguration when their variable is unset', () => {
    const config = new TelemetryFlowBuilder({})
      .withExporter(transport)
      .withApiKey(ID, SECRET)
      .withEndpoint('mine:4317')
      .withService('mine', '2.0.0')
      .withTimeout(1234)
      .withInsecure()
      .withCompression(false)
      .withAutoConfiguration()
      .build().config;
    expect(config.credentials.keyId).toBe(ID);
    expect([config.endpoint, config.serviceName, config.serviceVersion]).toEqual([
      'mine:4317',
      'mine',
      '2.0.0',
    ]);
    expect([config.timeoutMs, config.insecure, config.compression]).toEqual([1234, true, false]);
  });

  it('keeps settings made before when their variable is empty', () => {
    const config = builder({ TELEMETRYFLOW_SERVICE_NAME: '', TELEMETRYFLOW_TIMEOUT: '' })
      .withService('mine')
      .withTimeout(1234)
      .withAutoConfiguration()
      .build().config;
    expect([config.serviceName, config.timeoutMs]).toEqual(['mine', 1234]);
  });

  it('lets set variables override settings made before', () => {
    const config = builder({
      TELEMETRYFLOW_API_KEY_ID: 'tfk_from-env',
      TELEMETRYFLOW_SERVICE_NAME: 'env-svc',
      TELEMETRYFLOW_TIMEOUT: '7',
    })
      .withService('mine')
      .withTimeout(1234)
      .withAutoConfiguration()
      .build().config;
    expect([config.credentials.keyId, config.serviceName, config.timeoutMs]).toEqual([
      'tfk_from-env',
      'env-svc',
      7000,
    ]);
  });

  it('lets settings made after override the environment', () => {
    const config = builder({ TELEMETRYFLOW_SERVICE_NAME: 'env-svc', TELEMETRYFLOW_TIMEOUT: '7' })
      .withAutoConfiguration()
      .withService('mine')
      .withTimeout(1234)
      .build().config;
    expect([config.serviceName, config.timeoutMs]).toEqual(['mine', 1234]);
  });

  it('keeps the earlier value and reports an unparsable variable', () => {
    const problems = problemsOf(
      builder({ TELEMETRYFLOW_TIMEOUT: '10s' }).withService('svc').withTimeout(1234).withAutoConfiguration(),
    );
    expect(problems.map((p) => p.field)).toEqual(['TELEMETRYFLOW_TIMEOUT']);
  });

  it('drops the problem of an unparsable variable once the setting is made afterwards', () => {
    const config = builder({ TELEMETRYFLOW_TIMEOUT: '10s', TELEMETRYFLOW_ENABLE_LOGS: 'maybe' })
      .withService('svc')
      .withAutoConfiguration()
      .withTimeout(1234)
      .withSignals({ logs: false })
      .build().config;
    expect([config.timeoutMs, config.enableLogs]).toEqual([1234, false]);
  });

  it('keeps problems of other variables when one setting is made afterwards', () => {
    const problems = problemsOf(
      builder({ TELEMETRYFLOW_TIMEOUT: '10s', TELEMETRYFLOW_RATE_LIMIT: 'fast' })
        .withService('svc')
        .withAutoConfiguration()
        .withTimeout(1234),
    );
    expect(problems.map((p) => p.field)).toEqual(['TELEMETRYFLOW_RATE_LIMIT']);
  });

  it('reports a problem once however often the environment is read', () => {
    const problems = problemsOf(
      builder({ TELEMETRYFLOW_TIMEOUT: '10s', OTEL_RESOURCE_ATTRIBUTES: 'oops' })
        .withService('svc')
        .withAutoConfiguration()
        .withServiceFromEnv()
        .withAutoConfiguration(),
    );
    expect(problems.map((p) => p.field)).toEqual(['OTEL_RESOURCE_ATTRIBUTES', 'TELEMETRYFLOW_TIMEOUT']);
  });

  it('lets a set OTel fallback override a setting made before (the variable is set)', () => {
    expect(auto({ OTEL_SERVICE_NAME: 'otel-svc' }).serviceName).toBe('otel-svc');
    expect(auto({}).maxRetries).toBe(CONFIG_DEFAULTS.maxRetries);
  });
});

describe('TelemetryFlowBuilder OpenTelemetry fallbacks', () => {
  describe('OTEL_SERVICE_NAME', () => {
    it('names the service when TELEMETRYFLOW_SERVICE_NAME is unset', () => {
      expect(auto({ OTEL_SERVICE_NAME: 'otel-svc' }).serviceName).toBe('otel-svc');
      expect(auto({ OTEL_SERVICE_NAME: 'otel-svc', TELEMETRYFLOW_SERVICE_NAME: '' }).serviceName).toBe(
        'otel-svc',
      );
    });

    it('loses to TELEMETRYFLOW_SERVICE_NAME', () => {
      expect(auto({ OTEL_SERVICE_NAME: 'otel', TELEMETRYFLOW_SERVICE_NAME: 'tf' }).serviceName).toBe('tf');
    });

    it('is read by withServiceFromEnv', () => {
      const config = builder({ OTEL_SERVICE_NAME: 'otel-svc' }).withServiceFromEnv().build().config;
      expect(config.serviceName).toBe('otel-svc');
    });
  });

  describe('OTEL_RESOURCE_ATTRIBUTES', () => {
    const attributes =
      'service.name=res-svc,service.version=4.5.6,service.namespace=res-ns,deployment.environment.name=qa,team=payments,region=eu%20west';

    it('supplies service name, version, namespace and environment as fallbacks', () => {
      const config = builder({ OTEL_RESOURCE_ATTRIBUTES: attributes }).withAutoConfiguration().build().config;
      expect([
        config.serviceName,
        config.serviceVersion,
        config.serviceNamespace,
        config.environment,
      ]).toEqual(['res-svc', '4.5.6', 'res-ns', 'qa']);
    });

    it('loses to the TelemetryFlow variables and OTEL_SERVICE_NAME', () => {
      const config = builder({
        OTEL_RESOURCE_ATTRIBUTES: attributes,
        OTEL_SERVICE_NAME: 'otel-svc',
        TELEMETRYFLOW_SERVICE_VERSION: '1.1.1',
        TELEMETRYFLOW_SERVICE_NAMESPACE: 'tf-ns',
        TELEMETRYFLOW_ENVIRONMENT: 'tf-env',
      })
        .withAutoConfiguration()
        .build().config;
      expect([
        config.serviceName,
        config.serviceVersion,
        config.serviceNamespace,
        config.environment,
      ]).toEqual(['otel-svc', '1.1.1', 'tf-ns', 'tf-env']);
    });

    it('turns the other keys into custom attributes', () => {
      const config = builder({ OTEL_RESOURCE_ATTRIBUTES: attributes })
        .withAutoConfiguration()
        .withService('svc')
        .build().config;
      expect(config.customAttributes).toEqual({ team: 'payments', region: 'eu west' });
      expect(config.getResourceAttributes()).toMatchObject({ 'service.name': 'svc', team: 'payments' });
    });

    it('puts them under explicit custom attributes whatever the call order', () => {
      const before = builder({ OTEL_RESOURCE_ATTRIBUTES: attributes })
        .withCustomAttribute('team', 'mine')
        .withAutoConfiguration()
        .build().config;
      const after = builder({ OTEL_RESOURCE_ATTRIBUTES: attributes })
        .withAutoConfiguration()
        .withCustomAttributes({ team: 'mine' })
        .build().config;
      expect(before.customAttributes).toEqual({ team: 'mine', region: 'eu west' });
      expect(after.customAttributes).toEqual({ team: 'mine', region: 'eu west' });
    });

    it('feeds the matching *FromEnv methods but adds custom attributes only with withAutoConfiguration', () => {
      const config = builder({ OTEL_RESOURCE_ATTRIBUTES: attributes })
        .withServiceFromEnv()
        .withServiceNamespaceFromEnv()
        .withEnvironmentFromEnv()
        .build().config;
      expect([config.serviceName, config.serviceNamespace, config.environment]).toEqual([
        'res-svc',
        'res-ns',
        'qa',
      ]);
      expect(config.customAttributes).toEqual({});
    });

    it('is not reported by a *FromEnv method that does not need it', () => {
      const config = builder({
        OTEL_RESOURCE_ATTRIBUTES: 'broken',
        TELEMETRYFLOW_SERVICE_NAME: 'tf',
        TELEMETRYFLOW_SERVICE_VERSION: '1.2.3',
      })
        .withServiceFromEnv()
        .build().config;
      expect(config.serviceName).toBe('tf');
      const problems = problemsOf(builder({ OTEL_RESOURCE_ATTRIBUTES: 'broken' }).withServiceFromEnv());
      expect(problems.map((p) => p.field)).toEqual(['serviceName', 'OTEL_RESOURCE_ATTRIBUTES']);
    });

    it('reports malformed entries naming the variable', () => {
      const problems = problemsOf(
        builder({ OTEL_RESOURCE_ATTRIBUTES: 'team=a,broken' }).withService('svc').withAutoConfiguration(),
      );
      expect(problems).toHaveLength(1);
      expect(problems[0]?.field).toBe('OTEL_RESOURCE_ATTRIBUTES');
      expect(problems[0]?.message).toContain("'broken'");
    });
  });

  describe('OTEL_EXPORTER_OTLP_ENDPOINT', () => {
    it('becomes host:port for gRPC, plaintext for http://', () => {
      const config = auto({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://localhost:4317' });
      expect([config.endpoint, config.insecure, config.protocol]).toEqual(['localhost:4317', true, 'grpc']);
    });

    it('becomes host:port for gRPC with TLS for https://, port 4317 by default', () => {
      const config = auto({ OTEL_EXPORTER_OTLP_ENDPOINT: 'https://collector.example.com' });
      expect([config.endpoint, config.insecure]).toEqual(['collector.example.com:4317', false]);
    });

    it('is kept as a URL for HTTP', () => {
      const config = auto({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://localhost:4318/otlp',
        TELEMETRYFLOW_PROTOCOL: 'http',
      });
      expect([config.endpoint, config.insecure]).toEqual(['http://localhost:4318/otlp', true]);
      expect(config.getSignalUrl('traces')).toBe('http://localhost:4318/otlp/v1/traces');
    });

    it('follows the final protocol, even when set after withAutoConfiguration', () => {
      const config = builder({ OTEL_EXPORTER_OTLP_ENDPOINT: 'https://c.example.com:4318' })
        .withService('svc')
        .withAutoConfiguration()
        .withHttp()
        .build().config;
      expect(config.endpoint).toBe('https://c.example.com:4318');
    });

    it('does not override insecure set explicitly or by TELEMETRYFLOW_INSECURE', () => {
      const explicit = builder({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://localhost:4317' })
        .withService('svc')
        .withInsecure(false)
        .withAutoConfiguration()
        .build().config;
      expect(explicit.insecure).toBe(false);
      const env = auto({ OTEL_EXPORTER_OTLP_ENDPOINT: 'https://c:4317', TELEMETRYFLOW_INSECURE: 'true' });
      expect(env.insecure).toBe(true);
    });

    it('loses to TELEMETRYFLOW_ENDPOINT', () => {
      const config = auto({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://localhost:4317',
        TELEMETRYFLOW_ENDPOINT: 'tf-host:4317',
      });
      expect([config.endpoint, config.insecure]).toEqual(['tf-host:4317', false]);
    });

    it('loses to withEndpoint called afterwards, insecure included', () => {
      const config = builder({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://localhost:4317' })
        .withService('svc')
        .withEndpointFromEnv()
        .withEndpoint('mine:4317')
        .build().config;
      expect([config.endpoint, config.insecure]).toEqual(['mine:4317', false]);
    });

    it('reports an invalid URL naming the variable, not echoing it', () => {
      const problems = problemsOf(
        builder({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://user:pw@host:4317' })
          .withService('svc')
          .withEndpointFromEnv(),
      );
      expect(problems.map((p) => p.field)).toEqual(['OTEL_EXPORTER_OTLP_ENDPOINT']);
      expect(problems[0]?.message).not.toContain('pw');
    });
  });

  describe('OTEL_EXPORTER_OTLP_PROTOCOL', () => {
    it('maps grpc and http/protobuf', () => {
      expect(auto({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }).protocol).toBe('grpc');
      expect(auto({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' }).protocol).toBe('http');
    });

    it('reports http/json and anything else naming the variable', () => {
      for (const raw of ['http/json', 'udp']) {
        const problems = problemsOf(
          builder({ OTEL_EXPORTER_OTLP_PROTOCOL: raw }).withService('svc').withAutoConfiguration(),
        );
        expect(problems.map((p) => p.field)).toEqual(['OTEL_EXPORTER_OTLP_PROTOCOL']);
      }
    });

    it('loses to TELEMETRYFLOW_PROTOCOL, which makes it unread', () => {
      expect(
        auto({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', TELEMETRYFLOW_PROTOCOL: 'http' }).protocol,
      ).toBe('http');
    });
  });
});
