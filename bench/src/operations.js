// The recording calls the hot-path scenario measures, the same on both sides: raw OpenTelemetry JS
// and the TelemetryFlow client. Shared by the paced worker and the tinybench worker.
import { SeverityNumber } from '@opentelemetry/api-logs';

/** The calls that record a measurement: where exemplars apply. */
export const METRIC_OPERATIONS = ['counter', 'histogram', 'gauge', 'metric'];
/** The key of a metric call made on the client with `enableExemplars: false` (the "exemplars off" rows). */
export const noExemplarsKey = (op) => `${op}NoExemplars`;

/** The attributes each call carries. */
export const ATTRS = { 'http.route': '/api/orders', 'http.response.status_code': 200 };

/**
 * The calls on raw OpenTelemetry: instruments made from `meter`, spans from `tracer`, log records
 * from `logger`. Each takes the call's index.
 */
export const rawOperations = (meter, tracer, logger) => {
  const counter = meter.createCounter('requests');
  const histogram = meter.createHistogram('latency', { unit: 'ms' });
  const gauge = meter.createGauge('queue');
  const metric = meter.createGauge('cpu.utilization', { unit: '%' });
  return {
    counter: () => counter.add(1, ATTRS),
    histogram: (i) => histogram.record(i % 250, ATTRS),
    gauge: (i) => gauge.record(i, ATTRS),
    metric: (i) => metric.record(i % 100, ATTRS),
    span: () => tracer.startSpan('op').end(),
    activeSpan: () => tracer.startActiveSpan('op', (span) => span.end()),
    log: () =>
      logger.emit({
        severityNumber: SeverityNumber.INFO,
        severityText: 'INFO',
        body: 'hello',
        attributes: ATTRS,
      }),
  };
};

/** The same calls on a TelemetryFlow client. */
export const tfOperations = (client) => ({
  counter: () => client.incrementCounter('requests', 1, ATTRS),
  histogram: (i) => client.recordHistogram('latency', i % 250, 'ms', ATTRS),
  gauge: (i) => client.recordGauge('queue', i, ATTRS),
  metric: (i) => client.recordMetric('cpu.utilization', i % 100, '%', ATTRS),
  span: () => client.endSpan(client.startSpan('op')),
  activeSpan: () => client.span('op', () => undefined),
  log: () => client.logInfo('hello', ATTRS),
});
