import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CONFIG_DEFAULTS, ConfigError, Protocol, SignalType, TelemetryConfig } from '../src/index.js';
import type { TelemetryConfigOptions } from '../src/index.js';
import { SECRET, credentials, makeConfig } from './fixtures.js';

const problemsOf = (overrides: Record<string, unknown>): string[] => {
  try {
    makeConfig(overrides);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map((p) => `${p.field}: ${p.message}`);
  }
  throw new Error('expected a ConfigError');
};

describe('TelemetryConfig', () => {
  describe('defaults', () => {
    it('applies the reference defaults', () => {
      const c = makeConfig();
      expect(c).toMatchObject({
        serviceVersion: '1.0.0',
        serviceNamespace: 'telemetryflow',
        environment: 'production',
        protocol: 'grpc',
        insecure: false,
        timeoutMs: 30_000,
        compression: true,
        retryEnabled: true,
        maxRetries: 3,
        retryBackoffMs: 5_000,
        grpcKeepalive: { timeMs: 300_000, timeoutMs: 20_000, permitWithoutStream: false },
        grpcMaxReceiveMessageSize: 4_194_304,
        grpcMaxSendMessageSize: 4_194_304,
        enableMetrics: true,
        enableLogs: true,
        enableTraces: true,
        enableExemplars: true,
        customAttributes: {},
        batchTimeoutMs: 10_000,
        batchMaxSize: 512,
        collectorId: undefined,
        rateLimit: 1_000,
        useV2Api: false,
        v2Only: false,
        signalPaths: {},
        attributeCountLimit: 128,
        attributeValueLengthLimit: 4_096,
        metricCardinalityLimit: 2_000,
        exitFlushTimeoutMs: 5_000,
      });
    });

    it('merges a partial keepalive with its defaults', () => {
      expect(makeConfig({ grpcKeepalive: { timeMs: 1_000 } }).grpcKeepalive).toEqual({
        ...CONFIG_DEFAULTS.grpcKeepalive,
        timeMs: 1_000,
      });
    });
  });

  describe('validation', () => {
    it.each<[string, Record<string, unknown>, string]>([
      ['missing credentials', { credentials: undefined }, 'credentials: credentials is required'],
      [
        'credentials that are not Credentials',
        { credentials: { keyId: 'tfk_x' } },
        'credentials: credentials is required',
      ],
      ['empty endpoint', { endpoint: '' }, 'endpoint: endpoint is required'],
      ['non-string endpoint', { endpoint: 4317 }, 'endpoint: endpoint is required'],
      [
        'endpoint without port',
        { endpoint: 'localhost' },
        'endpoint: endpoint must be host:port (e.g. localhost:4317)',
      ],
      [
        'port out of range',
        { endpoint: 'localhost:70000' },
        'endpoint: endpoint port must be between 1 and 65535',
      ],
      [
        'URL for gRPC',
        { endpoint: 'https://collector:4317' },
        'endpoint: endpoint must be host:port for gRPC (e.g. localhost:4317), not a URL',
      ],
      [
        'plaintext URL without insecure',
        { protocol: 'http', endpoint: 'http://collector:4318' },
        'endpoint: endpoint uses http:// (plaintext) but insecure is not set; use https:// or set insecure',
      ],
      ['empty service name', { serviceName: '  ' }, 'serviceName: serviceName is required'],
      ['empty service version', { serviceVersion: '' }, 'serviceVersion: serviceVersion is required'],
      [
        'non-string namespace',
        { serviceNamespace: 1 },
        'serviceNamespace: serviceNamespace must be a string',
      ],
      ['empty environment', { environment: '' }, 'environment: environment is required'],
      [
        'CR/LF in environment',
        { environment: 'prod\r\nX: y' },
        'environment: environment may only contain printable ASCII',
      ],
      ['unknown protocol', { protocol: 'udp' }, "protocol: protocol must be 'grpc' or 'http'"],
      ['non-boolean insecure', { insecure: 'yes' }, 'insecure: insecure must be a boolean'],
      ['non-boolean compression', { compression: 1 }, 'compression: compression must be a boolean'],
      ['non-boolean retryEnabled', { retryEnabled: null }, 'retryEnabled: retryEnabled must be a boolean'],
      [
        'non-boolean enableMetrics',
        { enableMetrics: 'true' },
        'enableMetrics: enableMetrics must be a boolean',
      ],
      ['non-boolean enableLogs', { enableLogs: 0 }, 'enableLogs: enableLogs must be a boolean'],
      ['non-boolean enableTraces', { enableTraces: [] }, 'enableTraces: enableTraces must be a boolean'],
      [
        'non-boolean enableExemplars',
        { enableExemplars: {} },
        'enableExemplars: enableExemplars must be a boolean',
      ],
      ['non-boolean useV2Api', { useV2Api: 'on' }, 'useV2Api: useV2Api must be a boolean'],
      ['non-boolean v2Only', { v2Only: 1 }, 'v2Only: v2Only must be a boolean'],
      ['zero timeout', { timeoutMs: 0 }, 'timeoutMs: timeoutMs must be a positive number of milliseconds'],
      [
        'negative timeout',
        { timeoutMs: -1 },
        'timeoutMs: timeoutMs must be a positive number of milliseconds',
      ],
      [
        'infinite timeout',
        { timeoutMs: Number.POSITIVE_INFINITY },
        'timeoutMs: timeoutMs must be a positive number of milliseconds',
      ],
      [
        'an endpoint with CR LF (URL parsing would strip them)',
        { protocol: 'http', insecure: true, endpoint: 'http://127.0.0.1:4318/otlp\r\nX-Injected: 1' },
        'endpoint: endpoint must not contain control characters (U+000D at index 26)',
      ],
      [
        'a service name with a tab',
        { serviceName: 'check\tout' },
        'serviceName: serviceName must not contain control characters (U+0009 at index 5)',
      ],
      [
        'a custom attribute value with NUL',
        { customAttributes: { team: 'core\u0000' } },
        'customAttributes.team: customAttributes.team must not contain control characters (U+0000 at index 4)',
      ],
      [
        'a negative exit flush budget',
        { exitFlushTimeoutMs: -1 },
        'exitFlushTimeoutMs: exitFlushTimeoutMs must be a number of milliseconds from 0 (off) to 2147483647',
      ],
      [
        'timeout longer than a Node timer takes',
        { timeoutMs: 2 ** 31 },
        'timeoutMs: timeoutMs must be at most 2147483647 ms (about 24.8 days, the longest Node timer)',
      ],
      [
        'batch timeout longer than a Node timer takes',
        { batchTimeoutMs: 1e12 },
        'batchTimeoutMs: batchTimeoutMs must be at most 2147483647 ms (about 24.8 days, the longest Node timer)',
      ],
      [
        'zero retry backoff',
        { retryBackoffMs: 0 },
        'retryBackoffMs: retryBackoffMs must be a positive number of milliseconds',
      ],
      [
        'NaN batch timeout',
        { batchTimeoutMs: Number.NaN },
        'batchTimeoutMs: batchTimeoutMs must be a positive number of milliseconds',
      ],
      [
        'zero rate limit',
        { rateLimit: 0 },
        'rateLimit: rateLimit must be a positive number (export requests per minute)',
      ],
      ['zero batch size', { batchMaxSize: 0 }, 'batchMaxSize: batchMaxSize must be a positive integer'],
      [
        'fractional batch size',
        { batchMaxSize: 1.5 },
        'batchMaxSize: batchMaxSize must be a positive integer',
      ],
      [
        'zero max receive size',
        { grpcMaxReceiveMessageSize: 0 },
        'grpcMaxReceiveMessageSize: grpcMaxReceiveMessageSize must be a positive integer',
      ],
      [
        'negative max send size',
        { grpcMaxSendMessageSize: -4 },
        'grpcMaxSendMessageSize: grpcMaxSendMessageSize must be a positive integer',
      ],
      [
        'zero attribute count limit',
        { attributeCountLimit: 0 },
        'attributeCountLimit: attributeCountLimit must be a positive integer',
      ],
      [
        'infinite attribute value length limit',
        { attributeValueLengthLimit: Number.POSITIVE_INFINITY },
        'attributeValueLengthLimit: attributeValueLengthLimit must be a positive integer',
      ],
      [
        'fractional cardinality limit',
        { metricCardinalityLimit: 10.5 },
        'metricCardinalityLimit: metricCardinalityLimit must be a positive integer',
      ],
      ['negative retries', { maxRetries: -1 }, 'maxRetries: maxRetries must be a non-negative integer'],
      ['fractional retries', { maxRetries: 0.5 }, 'maxRetries: maxRetries must be a non-negative integer'],
      [
        'zero keepalive time',
        { grpcKeepalive: { timeMs: 0 } },
        'grpcKeepalive.timeMs: grpcKeepalive.timeMs must be a positive number of milliseconds',
      ],
      [
        'zero keepalive timeout',
        { grpcKeepalive: { timeoutMs: 0 } },
        'grpcKeepalive.timeoutMs: grpcKeepalive.timeoutMs must be a positive number of milliseconds',
      ],
      [
        'non-boolean permitWithoutStream',
        { grpcKeepalive: { permitWithoutStream: 'no' } },
        'grpcKeepalive.permitWithoutStream: grpcKeepalive.permitWithoutStream must be a boolean',
      ],
      [
        'empty collector id',
        { collectorId: '' },
        'collectorId: collectorId must be a non-empty string of printable ASCII (it is sent as a header)',
      ],
      [
        'CR/LF in collector id',
        { collectorId: 'c1\r\nX-Evil: 1' },
        'collectorId: collectorId must be a non-empty string of printable ASCII (it is sent as a header)',
      ],
      [
        'non-ASCII collector name',
        { collectorName: 'naïve' },
        'collectorName: collectorName must be a non-empty string of printable ASCII (it is sent as a header)',
      ],
      [
        'LF in hostname',
        { collectorHostname: 'a\nb' },
        'collectorHostname: collectorHostname must be a non-empty string of printable ASCII (it is sent as a header)',
      ],
      [
        'non-string datacenter',
        { datacenter: 7 },
        'datacenter: datacenter must be a non-empty string of printable ASCII (it is sent as a header)',
      ],
      [
        'non-object custom attributes',
        { customAttributes: 'team=a' },
        'customAttributes: customAttributes must be an object',
      ],
      [
        'empty custom attribute key',
        { customAttributes: { '': 'x' } },
        'customAttributes: customAttributes keys must be non-empty',
      ],
      [
        'object custom attribute value',
        { customAttributes: { team: { a: 1 } } },
        'customAttributes.team: customAttributes.team must be a string, a finite number or a boolean',
      ],
      [
        'NaN custom attribute value',
        { customAttributes: { ratio: Number.NaN } },
        'customAttributes.ratio: customAttributes.ratio must be a string, a finite number or a boolean',
      ],
      ['non-object signal paths', { signalPaths: [] }, 'signalPaths: signalPaths must be an object'],
      [
        'unknown signal path',
        { signalPaths: { profiles: '/v1/profiles' } },
        "signalPaths: signalPaths has an unknown signal 'profiles'",
      ],
      [
        'relative signal path',
        { signalPaths: { traces: 'v1/traces' } },
        "signalPaths.traces: signalPaths.traces must be a path starting with '/' (no spaces, query or fragment)",
      ],
      [
        'signal path with query',
        { signalPaths: { logs: '/v1/logs?x=1' } },
        "signalPaths.logs: signalPaths.logs must be a path starting with '/' (no spaces, query or fragment)",
      ],
      [
        'signal path with CR/LF',
        { signalPaths: { logs: '/v1/logs\r\n' } },
        "signalPaths.logs: signalPaths.logs must be a path starting with '/' (no spaces, query or fragment)",
      ],
    ])('rejects %s', (_case, overrides, expected) => {
      expect(problemsOf(overrides)).toEqual([expected]);
    });

    it('joins every problem into one ConfigError', () => {
      let error: ConfigError | undefined;
      try {
        makeConfig({
          endpoint: '',
          serviceName: '',
          timeoutMs: 0,
          maxRetries: -1,
          batchMaxSize: 0,
          rateLimit: 0,
        });
      } catch (e) {
        error = e as ConfigError;
      }
      expect(error?.code).toBe('TF_CONFIG_INVALID');
      expect(error?.name).toBe('ConfigError');
      expect(error?.problems.map((p) => p.field)).toEqual([
        'endpoint',
        'serviceName',
        'timeoutMs',
        'rateLimit',
        'batchMaxSize',
        'maxRetries',
      ]);
      expect(error?.message).toBe(
        'Invalid TelemetryFlow configuration: endpoint is required; serviceName is required; ' +
          'timeoutMs must be a positive number of milliseconds; rateLimit must be a positive number (export requests per minute); ' +
          'batchMaxSize must be a positive integer; maxRetries must be a non-negative integer',
      );
    });

    it('accepts the plaintext URL when insecure is set, and https without it', () => {
      expect(makeConfig({ protocol: 'http', endpoint: 'http://c:4318', insecure: true }).endpoint).toBe(
        'http://c:4318',
      );
      expect(makeConfig({ protocol: 'http', endpoint: 'https://c' }).endpoint).toBe('https://c');
    });

    it('accepts zero retries and an empty namespace', () => {
      expect(makeConfig({ maxRetries: 0, serviceNamespace: '' })).toMatchObject({
        maxRetries: 0,
        serviceNamespace: '',
      });
    });
  });

  describe('getEndpointUrl', () => {
    it.each<[Partial<TelemetryConfigOptions>, string]>([
      [{ endpoint: 'collector:4317' }, 'collector:4317'],
      [{ endpoint: 'collector:4317', insecure: true }, 'collector:4317'],
      [{ protocol: Protocol.HTTP, endpoint: 'collector:4318' }, 'https://collector:4318'],
      [{ protocol: Protocol.HTTP, endpoint: 'collector:4318', insecure: true }, 'http://collector:4318'],
      [{ protocol: Protocol.HTTP, endpoint: '[::1]:4318', insecure: true }, 'http://[::1]:4318'],
      [
        { protocol: Protocol.HTTP, endpoint: 'https://otel.example.com/otlp/' },
        'https://otel.example.com/otlp',
      ],
      [
        { protocol: Protocol.HTTP, endpoint: 'http://127.0.0.1:4318', insecure: true },
        'http://127.0.0.1:4318',
      ],
      [
        { protocol: Protocol.HTTP, endpoint: 'https://otel.example.com:8443' },
        'https://otel.example.com:8443',
      ],
      [{ protocol: Protocol.HTTP, endpoint: 'http://[::1]:4318/', insecure: true }, 'http://[::1]:4318'],
    ])('%o → %s', (overrides, url) => {
      expect(makeConfig(overrides).getEndpointUrl()).toBe(url);
    });

    it('exposes the parsed endpoint', () => {
      expect(makeConfig({ endpoint: '[::1]:4317' }).parsedEndpoint).toEqual({
        host: '[::1]',
        port: 4317,
        basePath: '',
      });
    });
  });

  describe('signal paths', () => {
    it('uses /v1 by default, /v2 with the v2 API or v2-only, and overrides first', () => {
      const http = { protocol: Protocol.HTTP, endpoint: 'c:4318', insecure: true };
      expect(makeConfig(http).getSignalPath(SignalType.TRACES)).toBe('/v1/traces');
      expect(makeConfig({ ...http, useV2Api: true }).getSignalPath(SignalType.LOGS)).toBe('/v2/logs');
      expect(makeConfig({ ...http, v2Only: true }).getSignalPath(SignalType.METRICS)).toBe('/v2/metrics');
      const custom = makeConfig({ ...http, useV2Api: true, signalPaths: { traces: '/otlp/t' } });
      expect(custom.getSignalPath(SignalType.TRACES)).toBe('/otlp/t');
      expect(custom.getSignalUrl(SignalType.TRACES)).toBe('http://c:4318/otlp/t');
      expect(custom.getSignalUrl(SignalType.LOGS)).toBe('http://c:4318/v2/logs');
    });
  });

  describe('signals', () => {
    it('lists enabled signals in the order metrics, logs, traces', () => {
      expect(makeConfig().getEnabledSignals()).toEqual(['metrics', 'logs', 'traces']);
      expect(makeConfig({ enableLogs: false }).getEnabledSignals()).toEqual(['metrics', 'traces']);
      expect(
        makeConfig({ enableMetrics: false, enableLogs: false, enableTraces: false }).getEnabledSignals(),
      ).toEqual([]);
    });

    it('answers isSignalEnabled per signal', () => {
      const c = makeConfig({ enableTraces: false });
      expect(c.isSignalEnabled(SignalType.METRICS)).toBe(true);
      expect(c.isSignalEnabled(SignalType.LOGS)).toBe(true);
      expect(c.isSignalEnabled(SignalType.TRACES)).toBe(false);
      expect(c.isSignalEnabled('profiles' as SignalType)).toBe(false);
    });
  });

  describe('headers', () => {
    it('returns the auth headers, with the collector id when set', () => {
      expect(makeConfig().getAuthHeaders()).toEqual(credentials.authHeaders());
      expect(makeConfig({ collectorId: 'col-1' }).getAuthHeaders()).toEqual({
        ...credentials.authHeaders(),
        'X-TelemetryFlow-Collector-ID': 'col-1',
      });
    });

    it('adds collector identity, environment and the API version to export headers', () => {
      expect(makeConfig().getExportHeaders()).toEqual({
        ...credentials.authHeaders(),
        'X-TelemetryFlow-Environment': 'production',
      });
      expect(
        makeConfig({
          collectorId: 'c1',
          collectorName: 'edge',
          collectorHostname: 'host-a',
          datacenter: 'eu-1',
          environment: 'staging',
          useV2Api: true,
        }).getExportHeaders(),
      ).toEqual({
        ...credentials.authHeaders(),
        'X-TelemetryFlow-Collector-ID': 'c1',
        'X-TelemetryFlow-Collector-Name': 'edge',
        'X-TelemetryFlow-Collector-Hostname': 'host-a',
        'X-TelemetryFlow-Datacenter': 'eu-1',
        'X-TelemetryFlow-Environment': 'staging',
        'X-TelemetryFlow-API-Version': 'v2',
      });
    });
  });

  describe('getResourceAttributes', () => {
    it('has the service attributes, both environment keys, then custom attributes on top', () => {
      const c = makeConfig({
        serviceVersion: '2.1.0',
        environment: 'staging',
        customAttributes: { team: 'payments', 'service.version': 'override', shards: 3, canary: true },
      });
      expect(c.getResourceAttributes()).toEqual({
        'service.name': 'checkout',
        'service.version': 'override',
        'service.namespace': 'telemetryflow',
        'deployment.environment.name': 'staging',
        'deployment.environment': 'staging',
        team: 'payments',
        shards: 3,
        canary: true,
      });
    });

    it('leaves out an empty namespace', () => {
      expect(makeConfig({ serviceNamespace: '' }).getResourceAttributes()).not.toHaveProperty(
        'service.namespace',
      );
    });
  });

  describe('immutability', () => {
    it('is frozen, with frozen nested values', () => {
      const c = makeConfig({ customAttributes: { a: '1' } });
      expect(Object.isFrozen(c)).toBe(true);
      expect(Object.isFrozen(c.customAttributes)).toBe(true);
      expect(Object.isFrozen(c.grpcKeepalive)).toBe(true);
      expect(Object.isFrozen(c.signalPaths)).toBe(true);
    });

    it('copies the caller’s objects', () => {
      const attributes: Record<string, string> = { a: '1' };
      const c = makeConfig({ customAttributes: attributes });
      attributes['a'] = '2';
      expect(c.customAttributes['a']).toBe('1');
    });

    it('with() returns a validated copy and leaves the original alone', () => {
      const c = makeConfig();
      const d = c.with({ protocol: Protocol.HTTP, endpoint: 'c:4318', timeoutMs: 5 });
      expect(d).not.toBe(c);
      expect(d).toMatchObject({ protocol: 'http', timeoutMs: 5, serviceName: 'checkout' });
      expect(c.protocol).toBe('grpc');
      expect(() => c.with({ timeoutMs: -5 })).toThrow(ConfigError);
    });

    it('toOptions() round-trips', () => {
      const c = makeConfig({ collectorId: 'x', customAttributes: { a: 1 } });
      expect(new TelemetryConfig(c.toOptions())).toEqual(c);
    });
  });

  describe('redaction', () => {
    const c = makeConfig({ collectorId: 'col-1' });

    it('keeps the secret out of JSON.stringify', () => {
      const json = JSON.stringify(c);
      expect(json).not.toContain(SECRET);
      expect(JSON.parse(json)).toMatchObject({
        credentials: { keyId: 'tfk_key-id', keySecret: '[REDACTED]' },
        serviceName: 'checkout',
      });
    });

    it('keeps the secret out of util.inspect and String()', () => {
      expect(inspect(c, { depth: null, showHidden: true })).not.toContain(SECRET);
      expect(inspect(c)).toContain("serviceName: 'checkout'");
      expect(String(c)).toBe('TelemetryConfig(service=checkout, endpoint=localhost:4317, protocol=grpc)');
    });

    it('keeps the secret out of validation errors', () => {
      try {
        makeConfig({ timeoutMs: -1 });
        expect.unreachable();
      } catch (error) {
        expect(inspect(error, { depth: null })).not.toContain(SECRET);
        expect(JSON.stringify(error)).not.toContain(SECRET);
      }
    });
  });
});
