import { BuilderError, CONFIG_DEFAULTS } from '@telemetryflow/domain';
import type { ExportTransport, Problem, TelemetryConfig } from '@telemetryflow/domain';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { TelemetryFlowBuilder } from '../../src/builder/telemetry-flow-builder.js';

// One test per variable of docs/ENVIRONMENT.md's conformance table: each sets the variable and
// observes its effect on the configuration (the transports' and engine's tests show that the
// configuration reaches the wire).

type Env = Record<string, string | undefined>;

const transport: ExportTransport = { send: async () => ({ status: 'success' }), shutdown: async () => {} };

const builder = (env: Env): TelemetryFlowBuilder =>
  new TelemetryFlowBuilder(env).withExporter(transport).withApiKey('tfk_id', 'tfs_secret').withService('svc');

const auto = (env: Env): TelemetryConfig => builder(env).withAutoConfiguration().build().config;

const problems = (env: Env): Problem[] => {
  try {
    builder(env).withAutoConfiguration().build();
  } catch (error) {
    expect(error).toBeInstanceOf(BuilderError);
    return [...(error as BuilderError).problems];
  }
  throw new Error('expected build() to throw');
};

const fields = (env: Env): string[] => problems(env).map((p) => p.field);

describe('OpenTelemetry SDK environment variables', () => {
  describe('OTEL_SDK_DISABLED', () => {
    it('true builds a disabled client, without keys or a service name', () => {
      const client = new TelemetryFlowBuilder({ OTEL_SDK_DISABLED: 'TRUE' }).withAutoConfiguration().build();
      expect(client.options.disabled).toBe(true);
    });

    it('false changes nothing (keys are required again)', () => {
      expect(() =>
        new TelemetryFlowBuilder({ OTEL_SDK_DISABLED: 'false' }).withAutoConfiguration().build(),
      ).toThrow(BuilderError);
      expect(auto({ OTEL_SDK_DISABLED: 'false' }).serviceName).toBe('svc');
    });

    it('anything but true/false is reported (the spec would read 1 as false and keep the SDK on)', () => {
      expect(fields({ OTEL_SDK_DISABLED: '1' })).toEqual(['OTEL_SDK_DISABLED']);
    });
  });

  describe('headers', () => {
    it('OTEL_EXPORTER_OTLP_HEADERS: name=value pairs, percent-decoded, on every request', () => {
      const config = auto({ OTEL_EXPORTER_OTLP_HEADERS: 'x-gateway-key=abc%20def, x-tenant-id=acme' });
      expect(config.headers).toEqual({ 'x-gateway-key': 'abc def', 'x-tenant-id': 'acme' });
      expect(config.getExportHeaders('logs')).toMatchObject({ 'x-tenant-id': 'acme' });
    });

    it('TELEMETRYFLOW_HEADERS comes first', () => {
      const config = auto({ TELEMETRYFLOW_HEADERS: 'x-a=1', OTEL_EXPORTER_OTLP_HEADERS: 'x-b=2' });
      expect(config.headers).toEqual({ 'x-a': '1' });
    });

    it('OTEL_EXPORTER_OTLP_TRACES_HEADERS: for that signal only, over the common ones', () => {
      const config = auto({
        OTEL_EXPORTER_OTLP_HEADERS: 'x-tenant-id=acme,x-route=common',
        OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'X-Route=traces',
      });
      expect(config.getExportHeaders('traces')).toMatchObject({ 'x-tenant-id': 'acme', 'X-Route': 'traces' });
      expect(config.getExportHeaders('traces')).not.toHaveProperty('x-route');
      expect(config.getExportHeaders('metrics')).toMatchObject({ 'x-route': 'common' });
    });

    it('malformed entries and refused names are reported without their values', () => {
      const env = { OTEL_EXPORTER_OTLP_HEADERS: 'x-key=s3cr3t-value,broken' };
      const malformed = problems(env);
      expect(malformed.map((p) => p.field)).toEqual(['OTEL_EXPORTER_OTLP_HEADERS']);
      expect(JSON.stringify(malformed)).not.toContain('s3cr3t');
      const refused = problems({ OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Basic s3cr3t-value' });
      expect(refused.map((p) => p.field)).toEqual(['headers.authorization']);
      expect(JSON.stringify(refused)).not.toContain('s3cr3t');
    });

    it('values are redacted in JSON and inspect', () => {
      const config = auto({ OTEL_EXPORTER_OTLP_HEADERS: 'x-gateway-key=s3cr3t-value' });
      expect(JSON.stringify(config)).not.toContain('s3cr3t');
      expect(inspect(config, { depth: 5 })).not.toContain('s3cr3t');
    });
  });

  describe('per-signal endpoints', () => {
    it('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT over HTTP: the URL as it is, path included', () => {
      const config = auto({
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'https://collector.example',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://gateway.example:4318/custom/traces',
      });
      expect(config.getSignalUrl('traces')).toBe('http://gateway.example:4318/custom/traces');
      expect(config.signalSettings('traces').insecure).toBe(true);
      expect(config.getSignalUrl('metrics')).toBe('https://collector.example/v1/metrics');
      expect(config.signalSettings('metrics').insecure).toBe(false);
    });

    it('OTEL_EXPORTER_OTLP_METRICS_ENDPOINT without a path posts to / (the spec: no path appended)', () => {
      const config = auto({
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
        OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'https://metrics.example:4318',
      });
      expect(config.getSignalUrl('metrics')).toBe('https://metrics.example:4318/');
    });

    it('OTEL_EXPORTER_OTLP_LOGS_ENDPOINT over gRPC: host:port, port 4317 by default, scheme gives insecure', () => {
      const config = auto({ OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: 'http://logs.example' });
      expect(config.signalSettings('logs')).toMatchObject({ endpoint: 'logs.example:4317', insecure: true });
      expect(config.signalSettings('traces')).toMatchObject({ endpoint: config.endpoint, insecure: false });
    });

    it('TELEMETRYFLOW_TRACES_ENDPOINT comes first and takes the signal path like TELEMETRYFLOW_ENDPOINT', () => {
      const config = auto({
        TELEMETRYFLOW_PROTOCOL: 'http',
        TELEMETRYFLOW_TRACES_ENDPOINT: 'https://traces.example:4318/otlp',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://ignored.example:4318/v1/traces',
      });
      expect(config.getSignalUrl('traces')).toBe('https://traces.example:4318/otlp/v1/traces');
    });

    it('an unparsable per-signal endpoint is reported, naming the variable', () => {
      expect(fields({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'ftp://x.example' })).toEqual([
        'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
      ]);
    });
  });

  describe('timeout, compression, insecure, protocol, certificates', () => {
    it('OTEL_EXPORTER_OTLP_TIMEOUT is milliseconds; TELEMETRYFLOW_TIMEOUT (seconds) comes first', () => {
      expect(auto({ OTEL_EXPORTER_OTLP_TIMEOUT: '2500' }).timeoutMs).toBe(2500);
      expect(auto({ OTEL_EXPORTER_OTLP_TIMEOUT: '2500', TELEMETRYFLOW_TIMEOUT: '7' }).timeoutMs).toBe(7000);
      expect(fields({ OTEL_EXPORTER_OTLP_TIMEOUT: '10s' })).toEqual(['OTEL_EXPORTER_OTLP_TIMEOUT']);
    });

    it('OTEL_EXPORTER_OTLP_TRACES_TIMEOUT applies to that signal', () => {
      const config = auto({ OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: '1500' });
      expect(config.signalSettings('traces').timeoutMs).toBe(1500);
      expect(config.signalSettings('logs').timeoutMs).toBe(CONFIG_DEFAULTS.timeoutMs);
    });

    it('OTEL_EXPORTER_OTLP_COMPRESSION: gzip or none', () => {
      expect(auto({ OTEL_EXPORTER_OTLP_COMPRESSION: 'none' }).compression).toBe(false);
      expect(
        auto({ OTEL_EXPORTER_OTLP_COMPRESSION: 'GZIP', TELEMETRYFLOW_COMPRESSION: 'false' }).compression,
      ).toBe(false);
      expect(fields({ OTEL_EXPORTER_OTLP_COMPRESSION: 'br' })).toEqual(['OTEL_EXPORTER_OTLP_COMPRESSION']);
    });

    it('OTEL_EXPORTER_OTLP_LOGS_COMPRESSION applies to that signal', () => {
      const config = auto({ OTEL_EXPORTER_OTLP_LOGS_COMPRESSION: 'none' });
      expect(config.signalSettings('logs').compression).toBe(false);
      expect(config.signalSettings('traces').compression).toBe(true);
    });

    it('OTEL_EXPORTER_OTLP_INSECURE and the per-signal OTEL_EXPORTER_OTLP_METRICS_INSECURE', () => {
      expect(auto({ OTEL_EXPORTER_OTLP_INSECURE: 'true' }).insecure).toBe(true);
      const config = auto({
        OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'metrics.example:4317',
        OTEL_EXPORTER_OTLP_METRICS_INSECURE: 'true',
      });
      expect(config.signalSettings('metrics')).toMatchObject({
        endpoint: 'metrics.example:4317',
        insecure: true,
      });
      expect(config.insecure).toBe(false);
      expect(fields({ OTEL_EXPORTER_OTLP_INSECURE: 'yes' })).toEqual(['OTEL_EXPORTER_OTLP_INSECURE']);
    });

    it('OTEL_EXPORTER_OTLP_TRACES_PROTOCOL must match the client protocol (one transport serves all)', () => {
      expect(auto({ OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'grpc' }).protocol).toBe('grpc');
      expect(fields({ OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf' })).toEqual([
        'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL',
      ]);
    });

    it('OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE different from the common one is reported', () => {
      expect(fields({ OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE: '/etc/ca-traces.pem' })).toEqual([
        'OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE',
      ]);
      const same = {
        OTEL_EXPORTER_OTLP_CERTIFICATE: '/ca.pem',
        OTEL_EXPORTER_OTLP_LOGS_CERTIFICATE: '/ca.pem',
      };
      expect(auto(same).serviceName).toBe('svc');
    });
  });

  describe('exporter selection', () => {
    it('OTEL_TRACES_EXPORTER=none turns traces off; otlp keeps them on', () => {
      expect(auto({ OTEL_TRACES_EXPORTER: 'none' }).enableTraces).toBe(false);
      expect(auto({ OTEL_METRICS_EXPORTER: 'otlp', OTEL_LOGS_EXPORTER: 'none' })).toMatchObject({
        enableMetrics: true,
        enableLogs: false,
      });
    });

    it('TELEMETRYFLOW_ENABLE_* comes first; other exporters are reported', () => {
      expect(auto({ OTEL_TRACES_EXPORTER: 'none', TELEMETRYFLOW_ENABLE_TRACES: 'true' }).enableTraces).toBe(
        true,
      );
      expect(fields({ OTEL_METRICS_EXPORTER: 'prometheus' })).toEqual(['OTEL_METRICS_EXPORTER']);
    });
  });

  describe('batching and metric export', () => {
    it('OTEL_BSP_* configure the span pipeline', () => {
      const config = auto({
        OTEL_BSP_SCHEDULE_DELAY: '200',
        OTEL_BSP_EXPORT_TIMEOUT: '5000',
        OTEL_BSP_MAX_QUEUE_SIZE: '100',
        OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '50',
      });
      expect(config.signalSettings('traces')).toMatchObject({
        batchTimeoutMs: 200,
        exportTimeoutMs: 5000,
        maxQueueSize: 100,
        batchMaxSize: 50,
      });
      expect(config.signalSettings('logs')).toMatchObject({ batchTimeoutMs: CONFIG_DEFAULTS.batchTimeoutMs });
    });

    it('OTEL_BLRP_* configure the log record pipeline', () => {
      const config = auto({
        OTEL_BLRP_SCHEDULE_DELAY: '1000',
        OTEL_BLRP_EXPORT_TIMEOUT: '3000',
        OTEL_BLRP_MAX_QUEUE_SIZE: '4096',
        OTEL_BLRP_MAX_EXPORT_BATCH_SIZE: '256',
      });
      expect(config.signalSettings('logs')).toMatchObject({
        batchTimeoutMs: 1000,
        exportTimeoutMs: 3000,
        maxQueueSize: 4096,
        batchMaxSize: 256,
      });
      expect(fields({ OTEL_BLRP_MAX_QUEUE_SIZE: '0' })).toEqual(['OTEL_BLRP_MAX_QUEUE_SIZE']);
    });

    it('OTEL_METRIC_EXPORT_INTERVAL / _TIMEOUT; TELEMETRYFLOW_METRIC_EXPORT_INTERVAL comes first', () => {
      const config = auto({ OTEL_METRIC_EXPORT_INTERVAL: '60000', OTEL_METRIC_EXPORT_TIMEOUT: '5000' });
      expect(config).toMatchObject({ metricExportIntervalMs: 60_000, metricExportTimeoutMs: 5000 });
      expect(config.batchTimeoutMs).toBe(CONFIG_DEFAULTS.batchTimeoutMs);
      const own = auto({
        OTEL_METRIC_EXPORT_INTERVAL: '60000',
        TELEMETRYFLOW_METRIC_EXPORT_INTERVAL: '15000',
      });
      expect(own.metricExportIntervalMs).toBe(15_000);
    });
  });

  describe('limits', () => {
    it('OTEL_ATTRIBUTE_COUNT_LIMIT / _VALUE_LENGTH_LIMIT, after the TELEMETRYFLOW_* ones', () => {
      expect(
        auto({ OTEL_ATTRIBUTE_COUNT_LIMIT: '10', OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: '100' }),
      ).toMatchObject({
        attributeCountLimit: 10,
        attributeValueLengthLimit: 100,
      });
      expect(
        auto({ OTEL_ATTRIBUTE_COUNT_LIMIT: '10', TELEMETRYFLOW_ATTRIBUTE_COUNT_LIMIT: '20' })
          .attributeCountLimit,
      ).toBe(20);
    });

    it('span limits: OTEL_SPAN_*, OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT, OTEL_LINK_ATTRIBUTE_COUNT_LIMIT', () => {
      const config = auto({
        OTEL_ATTRIBUTE_COUNT_LIMIT: '64',
        OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT: '32',
        OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT: '256',
        OTEL_SPAN_EVENT_COUNT_LIMIT: '8',
        OTEL_SPAN_LINK_COUNT_LIMIT: '4',
        OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT: '3',
        OTEL_LINK_ATTRIBUTE_COUNT_LIMIT: '2',
      });
      expect(config.spanLimits).toEqual({
        attributeCountLimit: 32,
        attributeValueLengthLimit: 256,
        eventCountLimit: 8,
        linkCountLimit: 4,
        attributePerEventCountLimit: 3,
        attributePerLinkCountLimit: 2,
      });
    });

    it('log record limits: OTEL_LOGRECORD_ATTRIBUTE_*; unset ones follow the general limits', () => {
      const config = auto({
        OTEL_LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT: '64',
        OTEL_ATTRIBUTE_COUNT_LIMIT: '9',
      });
      expect(config.logRecordLimits).toEqual({ attributeCountLimit: 9, attributeValueLengthLimit: 64 });
      const count = auto({ OTEL_LOGRECORD_ATTRIBUTE_COUNT_LIMIT: '5' });
      expect(count.logRecordLimits.attributeCountLimit).toBe(5);
      expect(fields({ OTEL_SPAN_EVENT_COUNT_LIMIT: '-1' })).toEqual(['OTEL_SPAN_EVENT_COUNT_LIMIT']);
    });
  });

  describe('propagators, sampler, diagnostics, exemplars', () => {
    it('OTEL_PROPAGATORS: tracecontext, baggage, none', () => {
      expect(auto({}).propagators).toEqual(['tracecontext', 'baggage']);
      expect(auto({ OTEL_PROPAGATORS: 'tracecontext' }).propagators).toEqual(['tracecontext']);
      expect(auto({ OTEL_PROPAGATORS: 'baggage, tracecontext' }).propagators).toEqual([
        'baggage',
        'tracecontext',
      ]);
      expect(auto({ OTEL_PROPAGATORS: 'none' }).propagators).toEqual([]);
      const b3 = problems({ OTEL_PROPAGATORS: 'tracecontext,b3' });
      expect(b3.map((p) => p.field)).toEqual(['OTEL_PROPAGATORS']);
      expect(b3[0]?.message).toContain('not supported');
    });

    it('OTEL_NODE_RESOURCE_DETECTORS: env, host, os, process, container, all, none', () => {
      const detectors = (value: string | undefined) =>
        auto({ OTEL_NODE_RESOURCE_DETECTORS: value }).resourceDetectors;
      const every = ['env', 'host', 'os', 'process', 'container'];
      expect(detectors(undefined)).toEqual(every);
      expect(detectors('none')).toEqual([]);
      expect(detectors('all')).toEqual(every);
      expect(detectors('host, os,host')).toEqual(['host', 'os']);
      expect(detectors('process,serviceinstance')).toEqual(['process']); // service.instance.id is always sent
      expect(detectors('env,none')).toEqual([]); // as the Node SDK: none wins over names, all over none
      expect(detectors('none,all')).toEqual(every);
      const aws = problems({ OTEL_NODE_RESOURCE_DETECTORS: 'host,aws' });
      expect(aws.map((p) => p.field)).toEqual(['OTEL_NODE_RESOURCE_DETECTORS']);
      expect(aws[0]?.message).toContain("'aws' is not bundled with this SDK");
      expect(fields({ OTEL_NODE_RESOURCE_DETECTORS: 'hots' })).toEqual(['OTEL_NODE_RESOURCE_DETECTORS']);
    });

    it('OTEL_RESOURCE_ATTRIBUTES is the env detector: left out when the detectors exclude env', () => {
      const env = { OTEL_RESOURCE_ATTRIBUTES: 'team=payments,service.version=9.9.9' };
      expect(auto(env).customAttributes).toEqual({ team: 'payments' });
      const withoutEnv = auto({ ...env, OTEL_NODE_RESOURCE_DETECTORS: 'host,process' });
      expect(withoutEnv.customAttributes).toEqual({});
      expect(withoutEnv.serviceVersion).toBe('9.9.9'); // a service setting, not a detected attribute
      expect(auto({ ...env, OTEL_NODE_RESOURCE_DETECTORS: 'env' }).customAttributes).toEqual({
        team: 'payments',
      });
    });

    it('OTEL_TRACES_SAMPLER / _ARG', () => {
      expect(auto({}).sampler).toEqual({ type: 'parentbased_always_on' });
      const ratio = auto({
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.25',
      });
      expect(ratio.sampler).toEqual({ type: 'parentbased_traceidratio', ratio: 0.25 });
      expect(auto({ OTEL_TRACES_SAMPLER: 'traceidratio' }).sampler).toEqual({
        type: 'traceidratio',
        ratio: 1,
      });
      // The argument means nothing to other samplers: ignored, as the specification says.
      expect(auto({ OTEL_TRACES_SAMPLER: 'always_off', OTEL_TRACES_SAMPLER_ARG: 'x' }).sampler).toEqual({
        type: 'always_off',
      });
      expect(fields({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '1.5' })).toEqual([
        'OTEL_TRACES_SAMPLER_ARG',
      ]);
      expect(problems({ OTEL_TRACES_SAMPLER: 'xray' })[0]?.message).toContain('not supported');
    });

    it('TELEMETRYFLOW_TRACES_SAMPLER / _ARG come first', () => {
      const config = auto({
        TELEMETRYFLOW_TRACES_SAMPLER: 'traceidratio',
        TELEMETRYFLOW_TRACES_SAMPLER_ARG: '0.5',
        OTEL_TRACES_SAMPLER: 'always_off',
        OTEL_TRACES_SAMPLER_ARG: '0.1',
      });
      expect(config.sampler).toEqual({ type: 'traceidratio', ratio: 0.5 });
    });

    it('OTEL_LOG_LEVEL', () => {
      expect(auto({}).logLevel).toBe('warn');
      expect(auto({ OTEL_LOG_LEVEL: 'NONE' }).logLevel).toBe('none');
      expect(fields({ OTEL_LOG_LEVEL: 'loud' })).toEqual(['OTEL_LOG_LEVEL']);
    });

    it('OTEL_METRICS_EXEMPLAR_FILTER', () => {
      expect(auto({}).exemplarFilter).toBe('trace_based');
      expect(auto({ OTEL_METRICS_EXEMPLAR_FILTER: 'always_off' }).exemplarFilter).toBe('always_off');
      expect(fields({ OTEL_METRICS_EXEMPLAR_FILTER: 'sometimes' })).toEqual(['OTEL_METRICS_EXEMPLAR_FILTER']);
    });

    it('OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE (after TELEMETRYFLOW_METRICS_TEMPORALITY_PREFERENCE)', () => {
      const name = 'OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE';
      expect(auto({}).metricTemporalityPreference).toBe('cumulative');
      expect(auto({ [name]: 'Delta' }).metricTemporalityPreference).toBe('delta');
      expect(auto({ [name]: 'lowmemory' }).metricTemporalityPreference).toBe('lowmemory');
      expect(
        auto({ [name]: 'delta', TELEMETRYFLOW_METRICS_TEMPORALITY_PREFERENCE: 'cumulative' })
          .metricTemporalityPreference,
      ).toBe('cumulative');
      expect(fields({ [name]: 'deltas' })).toEqual([name]);
    });

    it('OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION (after TELEMETRYFLOW_METRICS_DEFAULT_HISTOGRAM_AGGREGATION)', () => {
      const name = 'OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION';
      expect(auto({}).histogramAggregation).toBe('explicit_bucket_histogram');
      const exponential = 'base2_exponential_bucket_histogram';
      expect(auto({ [name]: exponential }).histogramAggregation).toBe(exponential);
      expect(
        auto({ TELEMETRYFLOW_METRICS_DEFAULT_HISTOGRAM_AGGREGATION: exponential }).histogramAggregation,
      ).toBe(exponential);
      expect(fields({ [name]: 'exponential' })).toEqual([name]);
    });
  });

  describe('metric builder options', () => {
    it('withMetricTemporality, withHistogramAggregation and withHistogramBuckets reach the configuration', () => {
      const config = builder({})
        .withMetricTemporality('delta')
        .withHistogramAggregation('base2_exponential_bucket_histogram')
        .withHistogramBuckets('payload.size', [100, 1_000])
        .withHistogramBuckets('db.duration', [5, 50])
        .build().config;
      expect(config.metricTemporalityPreference).toBe('delta');
      expect(config.histogramAggregation).toBe('base2_exponential_bucket_histogram');
      expect(config.histogramBuckets).toEqual({ 'payload.size': [100, 1_000], 'db.duration': [5, 50] });
    });

    it('reports boundaries that are not strictly increasing finite numbers at build(), naming the histogram', () => {
      let error: unknown;
      try {
        builder({})
          .withHistogramBuckets('a', [10, 5])
          .withHistogramBuckets('b', [1, Number.POSITIVE_INFINITY])
          .withHistogramBuckets('c', 'nope' as never)
          .build();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(BuilderError);
      expect((error as BuilderError).problems.map((p) => p.message)).toEqual([
        "histogramBuckets['a'] must be strictly increasing",
        "histogramBuckets['b'] must be finite numbers",
        "histogramBuckets['c'] must be an array of numbers",
      ]);
    });
  });

  it('a setting made after the environment wins and clears that variable’s problem', () => {
    const client = builder({ OTEL_BSP_SCHEDULE_DELAY: 'soon', OTEL_TRACES_SAMPLER: 'nope' })
      .withAutoConfiguration()
      .withSignalOverrides('traces', { batchTimeoutMs: 100 })
      .withSampler('always_on')
      .build();
    expect(client.config.signalSettings('traces').batchTimeoutMs).toBe(100);
    expect(client.config.sampler).toEqual({ type: 'always_on' });
  });
});
