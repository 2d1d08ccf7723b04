import { LoggerProvider } from '@opentelemetry/sdk-logs';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import type { Resource } from '@opentelemetry/resources';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import type { TelemetryConfig } from '@telemetryflow/domain';
import { CumulativeMetricReader } from './export/cumulative-metric-reader.js';
import type { ExportPipeline } from './export/export-pipeline.js';
import {
  PipelineLogRecordProcessor,
  PipelineMetricExporter,
  PipelineSpanProcessor,
} from './export/pipeline-processors.js';

/** The OpenTelemetry providers of one client generation. */
export interface Providers {
  readonly tracerProvider: TracerProvider;
  readonly loggerProvider: LoggerProvider;
  /** `undefined` when metrics are off. */
  readonly meterProvider: MeterProvider | undefined;
}

/**
 * Providers that hand everything to `pipeline`, with the configuration's attribute limits on
 * spans (their events and links too) and log records, and its cardinality limit on metrics.
 */
export const createProviders = (
  config: TelemetryConfig,
  pipeline: ExportPipeline,
  resource: Resource,
): Providers => {
  const limits = {
    attributeCountLimit: config.attributeCountLimit,
    attributeValueLengthLimit: config.attributeValueLengthLimit,
  };
  const tracerProvider = new TracerProvider({
    resource,
    spanLimits: {
      ...limits,
      attributePerEventCountLimit: config.attributeCountLimit,
      attributePerLinkCountLimit: config.attributeCountLimit,
    },
    spanProcessors: [new PipelineSpanProcessor(pipeline.traces)],
  });
  const loggerProvider = new LoggerProvider({
    resource,
    logRecordLimits: limits,
    processors: [new PipelineLogRecordProcessor(pipeline.logs)],
  });
  const meterProvider = config.enableMetrics
    ? new MeterProvider({
        resource,
        readers: [
          new CumulativeMetricReader({
            exporter: new PipelineMetricExporter(pipeline.metrics),
            exportIntervalMillis: config.batchTimeoutMs,
            exportTimeoutMillis: Math.min(config.timeoutMs, config.batchTimeoutMs),
            cardinalityLimit: config.metricCardinalityLimit,
          }),
        ],
      })
    : undefined;
  return { tracerProvider, loggerProvider, meterProvider };
};
