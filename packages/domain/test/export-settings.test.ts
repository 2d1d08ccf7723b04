import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, Protocol } from '../src/index.js';
import type { Problem, TelemetryConfigOptions } from '../src/index.js';
import { makeConfig } from './fixtures.js';

const problemsOf = (overrides: Partial<TelemetryConfigOptions>): Problem[] => {
  try {
    makeConfig(overrides);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return [...(error as ConfigError).problems];
  }
  throw new Error('expected the config to be invalid');
};

const fieldsOf = (overrides: Partial<TelemetryConfigOptions>): string[] =>
  problemsOf(overrides).map((p) => p.field);

describe('custom headers', () => {
  it('are sent after the SDK headers; a signal’s own headers replace same-named ones', () => {
    const config = makeConfig({
      headers: { 'x-gateway-key': 'k1', 'X-Route': 'common' },
      signalOverrides: { traces: { headers: { 'x-route': 'traces' } } },
    });
    expect(config.getExportHeaders()).toMatchObject({ 'x-gateway-key': 'k1', 'X-Route': 'common' });
    const traces = config.getExportHeaders('traces');
    expect(traces).toMatchObject({ 'x-gateway-key': 'k1', 'x-route': 'traces' });
    expect(traces).not.toHaveProperty('X-Route');
    expect(traces.Authorization).toMatch(/^Bearer /);
  });

  it('refuse names the SDK or the transports set, binary metadata, bad names and values', () => {
    expect(
      fieldsOf({
        headers: {
          authorization: 'x',
          'X-TelemetryFlow-Key-ID': 'x',
          'content-type': 'x',
          'grpc-timeout': 'x',
          'trace-bin': 'x',
          'x-ok': 'line\nbreak',
        },
      }),
    ).toEqual([
      'headers.authorization',
      'headers.X-TelemetryFlow-Key-ID',
      'headers.content-type',
      'headers.grpc-timeout',
      'headers.trace-bin',
      'headers.x-ok',
    ]);
    expect(fieldsOf({ headers: { 'bad name': 'x' } })).toEqual(['headers']);
    expect(fieldsOf({ headers: { 'x-a': 'x', 'X-A': 'y' } })).toEqual(['headers.X-A']);
  });

  it('never show values: not in problems, JSON or inspect', () => {
    const secret = 's3cr3t-gateway-value';
    const problems = problemsOf({ headers: { authorization: secret, 'x-b': `${secret}\n` } });
    expect(JSON.stringify(problems)).not.toContain('s3cr3t');
    const config = makeConfig({
      headers: { 'x-gateway-key': secret },
      signalOverrides: { logs: { headers: { 'x-logs-key': secret } } },
    });
    expect(JSON.stringify(config)).not.toContain('s3cr3t');
    expect(inspect(config, { depth: 10 })).not.toContain('s3cr3t');
    expect(JSON.stringify(config)).toContain('x-logs-key');
  });
});

describe('signalSettings', () => {
  it('defaults to the client-wide settings', () => {
    const config = makeConfig({ timeoutMs: 1234, compression: false, batchMaxSize: 99 });
    expect(config.signalSettings('logs')).toMatchObject({
      signal: 'logs',
      endpoint: 'localhost:4317',
      url: 'localhost:4317',
      insecure: false,
      timeoutMs: 1234,
      compression: false,
      batchTimeoutMs: config.batchTimeoutMs,
      batchMaxSize: 99,
      maxQueueSize: undefined,
      exportTimeoutMs: undefined,
    });
  });

  it('takes a signal’s overrides; an http:// endpoint is plaintext, https:// is TLS', () => {
    const config = makeConfig({
      protocol: Protocol.HTTP,
      endpoint: 'https://collector.example',
      signalOverrides: {
        traces: { endpoint: 'http://gateway.example:4318/otlp', insecure: true, timeoutMs: 500 },
        metrics: {
          endpoint: 'https://metrics.example',
          compression: false,
          batchMaxSize: 10,
          maxQueueSize: 20,
        },
      },
      signalPaths: { metrics: '/m' },
    });
    expect(config.signalSettings('traces')).toMatchObject({
      url: 'http://gateway.example:4318/otlp/v1/traces',
      insecure: true,
      timeoutMs: 500,
    });
    expect(config.signalSettings('metrics')).toMatchObject({
      url: 'https://metrics.example/m',
      insecure: false,
      compression: false,
      batchMaxSize: 10,
      maxQueueSize: 20,
    });
    expect(config.getSignalUrl('logs')).toBe('https://collector.example/v1/logs');
  });

  it('a gRPC per-signal endpoint is host:port and follows insecure unless set', () => {
    const config = makeConfig({
      insecure: true,
      signalOverrides: {
        traces: { endpoint: 'traces.example:4317' },
        logs: { endpoint: 'l:4317', insecure: false },
      },
    });
    expect(config.signalSettings('traces')).toMatchObject({
      endpoint: 'traces.example:4317',
      insecure: true,
    });
    expect(config.signalSettings('logs')).toMatchObject({ endpoint: 'l:4317', insecure: false });
  });

  it('validates every override, naming the field', () => {
    expect(
      fieldsOf({
        signalOverrides: {
          traces: { endpoint: 'http://x.example:4318', timeoutMs: 0, batchMaxSize: 1.5 },
          logs: { compression: 'yes' as unknown as boolean, exportTimeoutMs: -1 },
          metrics: { unknown: 1 } as never,
        },
      }),
    ).toEqual([
      'signalOverrides.traces.endpoint',
      'signalOverrides.traces.timeoutMs',
      'signalOverrides.traces.batchMaxSize',
      'signalOverrides.logs.compression',
      'signalOverrides.logs.exportTimeoutMs',
      'signalOverrides.metrics.unknown',
    ]);
    expect(
      fieldsOf({
        protocol: Protocol.HTTP,
        signalOverrides: { traces: { endpoint: 'http://x.example:4318' } },
      }),
    ).toEqual(['signalOverrides.traces.endpoint']);
    expect(fieldsOf({ signalOverrides: { spans: {} } as never })).toEqual(['signalOverrides']);
    expect(fieldsOf({ batchMaxSize: 600, signalOverrides: { logs: { maxQueueSize: 500 } } })).toEqual([
      'signalOverrides.logs.maxQueueSize',
    ]);
  });
});

describe('sampler, propagators, limits, metric interval, exemplar filter, log level', () => {
  it('have OpenTelemetry’s defaults', () => {
    const config = makeConfig({ attributeCountLimit: 50, attributeValueLengthLimit: 300 });
    expect(config.sampler).toEqual({ type: 'parentbased_always_on' });
    expect(config.propagators).toEqual(['tracecontext', 'baggage']);
    expect(config.metricExportIntervalMs).toBe(config.batchTimeoutMs);
    expect(config.metricExportTimeoutMs).toBe(Math.min(config.timeoutMs, config.batchTimeoutMs));
    expect(config.spanLimits).toEqual({
      attributeCountLimit: 50,
      attributeValueLengthLimit: 300,
      eventCountLimit: 128,
      linkCountLimit: 128,
      attributePerEventCountLimit: 50,
      attributePerLinkCountLimit: 50,
    });
    expect(config.logRecordLimits).toEqual({ attributeCountLimit: 50, attributeValueLengthLimit: 300 });
    expect(config.exemplarFilter).toBe('trace_based');
    expect(config.logLevel).toBe('warn');
  });

  it('span attribute count also bounds event and link attributes unless those are set', () => {
    const config = makeConfig({ spanLimits: { attributeCountLimit: 7, attributePerLinkCountLimit: 2 } });
    expect(config.spanLimits).toMatchObject({
      attributePerEventCountLimit: 7,
      attributePerLinkCountLimit: 2,
    });
  });

  it('are validated', () => {
    expect(
      fieldsOf({
        sampler: { type: 'traceidratio', ratio: 1.5 },
        propagators: ['tracecontext', 'b3'] as never,
        metricExportIntervalMs: 0,
        spanLimits: { eventCountLimit: 0 },
        logRecordLimits: { attributeCountLimit: -1 },
        exemplarFilter: 'sometimes' as never,
        logLevel: 'loud' as never,
      }),
    ).toEqual([
      'sampler.ratio',
      'propagators',
      'metricExportIntervalMs',
      'spanLimits.eventCountLimit',
      'logRecordLimits.attributeCountLimit',
      'exemplarFilter',
      'logLevel',
    ]);
    expect(fieldsOf({ sampler: { type: 'always_on', ratio: 0.5 } })).toEqual(['sampler.ratio']);
    expect(fieldsOf({ sampler: { type: 'sometimes' } as never })).toEqual(['sampler']);
    expect(fieldsOf({ propagators: ['baggage', 'baggage'] })).toEqual(['propagators']);
    expect(makeConfig({ propagators: [] }).propagators).toEqual([]);
  });

  it('survive with()', () => {
    const config = makeConfig({ sampler: { type: 'traceidratio', ratio: 0.1 }, headers: { 'x-a': 'b' } });
    expect(config.with({ serviceName: 'other' })).toMatchObject({
      sampler: { type: 'traceidratio', ratio: 0.1 },
      headers: { 'x-a': 'b' },
    });
  });
});
