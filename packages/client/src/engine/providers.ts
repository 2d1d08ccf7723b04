import { LoggerProvider } from '@opentelemetry/sdk-logs';
import { AggregationType, InstrumentType, MeterProvider } from '@opentelemetry/sdk-metrics';
import type { ViewOptions } from '@opentelemetry/sdk-metrics';
import type { Resource } from '@opentelemetry/resources';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import type { TelemetryConfig } from '@telemetryflow/domain';
import { BoundedMetricReader } from './export/bounded-metric-reader.js';
import type { ExportPipeline } from './export/export-pipeline.js';
import {
  PipelineLogRecordProcessor,
  PipelineMetricExporter,
  PipelineSpanProcessor,
} from './export/pipeline-processors.js';
import type { ExemplarStore } from './exemplars.js';
import { CountingSampler, createSampler } from './sampling.js';

/** The OpenTelemetry providers of one client generation. */
export interface Providers {
  readonly tracerProvider: TracerProvider;
  readonly loggerProvider: LoggerProvider;
  /** `undefined` when metrics are off. */
  readonly meterProvider: MeterProvider | undefined;
}

/**
 * One view per histogram `histogramBuckets` names: its boundaries win over the reader's default
 * aggregation (OpenTelemetry JS consults the reader only for instruments no view matches). A view
 * does not inherit the reader's cardinality limit, so it carries it.
 */
const histogramViews = (config: TelemetryConfig): ViewOptions[] =>
  Object.entries(config.histogramBuckets).map(([name, boundaries]) => ({
    instrumentName: name,
    instrumentType: InstrumentType.HISTOGRAM,
    aggregation: {
      type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM,
      options: { boundaries: [...boundaries] },
    },
    aggregationCardinalityLimit: config.metricCardinalityLimit,
  }));

/**
 * Providers that hand everything to `pipeline`: the configured head sampler (spans it does not
 * sample are counted as `notSampled`), span limits (events and links too) and log record limits,
 * and the cardinality limit on metrics, collected every `metricExportIntervalMs`.
 */
export const createProviders = (
  config: TelemetryConfig,
  pipeline: ExportPipeline,
  resource: Resource,
  exemplars?: ExemplarStore,
): Providers => {
  const tracerProvider = new TracerProvider({
    resource,
    sampler: new CountingSampler(createSampler(config.sampler), () => pipeline.countNotSampled()),
    spanLimits: { ...config.spanLimits },
    spanProcessors: [new PipelineSpanProcessor(pipeline.traces)],
  });
  const loggerProvider = new LoggerProvider({
    resource,
    logRecordLimits: { ...config.logRecordLimits },
    processors: [new PipelineLogRecordProcessor(pipeline.logs)],
  });
  const meterProvider = config.enableMetrics
    ? new MeterProvider({
        resource,
        views: histogramViews(config),
        readers: [
          new BoundedMetricReader({
            exporter: new PipelineMetricExporter(pipeline.metrics, config.histogramAggregation),
            exportIntervalMillis: config.metricExportIntervalMs,
            // OpenTelemetry throws when the timeout is longer than the interval.
            exportTimeoutMillis: Math.min(config.metricExportTimeoutMs, config.metricExportIntervalMs),
            cardinalityLimit: config.metricCardinalityLimit,
            temporalityPreference: config.metricTemporalityPreference,
            ...(exemplars === undefined ? {} : { exemplars }),
          }),
        ],
      })
    : undefined;
  return { tracerProvider, loggerProvider, meterProvider };
};
