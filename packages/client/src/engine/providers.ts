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
 * The tracer provider: hands ended spans to `pipeline`, with the configured head sampler (spans it
 * does not sample are counted as `notSampled`) and span limits (events and links too).
 */
export const createTracerProvider = (
  config: TelemetryConfig,
  pipeline: ExportPipeline,
  resource: Resource,
): TracerProvider =>
  new TracerProvider({
    resource,
    sampler: new CountingSampler(createSampler(config.sampler), () => pipeline.countNotSampled()),
    spanLimits: { ...config.spanLimits },
    spanProcessors: [new PipelineSpanProcessor(pipeline.traces)],
  });

/**
 * The logger provider: hands log records to `pipeline`, with the log record limits. The engine
 * creates it at the first use of logs (a record, or an instrumentation asking the global provider
 * for a logger), so a client that logs nothing never builds it.
 */
export const createLoggerProvider = (
  config: TelemetryConfig,
  pipeline: ExportPipeline,
  resource: Resource,
): LoggerProvider =>
  new LoggerProvider({
    resource,
    logRecordLimits: { ...config.logRecordLimits },
    processors: [new PipelineLogRecordProcessor(pipeline.logs)],
  });

/**
 * The meter provider (call it only when metrics are on): the cardinality limit on metrics,
 * collected every `metricExportIntervalMs` and handed to `pipeline`, exemplars from `exemplars`.
 * The engine creates it at the first use of metrics (a measurement, an observable registration,
 * or an instrumentation asking the global provider for a meter), so the periodic reader's timer
 * and collections do not run in a client that records no metric.
 */
export const createMeterProvider = (
  config: TelemetryConfig,
  pipeline: ExportPipeline,
  resource: Resource,
  exemplars?: ExemplarStore,
): MeterProvider =>
  new MeterProvider({
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
  });
