import { TraceFlags } from '@opentelemetry/api';
import type { Context } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import type { ExportResult } from '@opentelemetry/core';
import type { LogRecordProcessor, ReadableLogRecord, SdkLogRecord } from '@opentelemetry/sdk-logs';
import { AggregationTemporality, AggregationType, InstrumentType } from '@opentelemetry/sdk-metrics';
import type { AggregationOption, PushMetricExporter, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { HistogramAggregation } from '@telemetryflow/domain';
import { EXPONENTIAL_MAX_SIZE } from './exponential-merge.js';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import type { SignalPipeline } from './signal-pipeline.js';

/**
 * Hands each ended, sampled span straight to the pipeline, which batches, bounds and accounts
 * for it (OpenTelemetry's BatchSpanProcessor would drop silently when its queue is full).
 */
export class PipelineSpanProcessor implements SpanProcessor {
  readonly #pipeline: SignalPipeline<ReadableSpan>;

  constructor(pipeline: SignalPipeline<ReadableSpan>) {
    this.#pipeline = pipeline;
  }

  onStart(_span: Span, _parentContext: Context): void {}

  onEnd(span: ReadableSpan): void {
    if ((span.spanContext().traceFlags & TraceFlags.SAMPLED) !== 0) this.#pipeline.add(span);
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** Hands each emitted log record to the pipeline. */
export class PipelineLogRecordProcessor implements LogRecordProcessor {
  readonly #pipeline: SignalPipeline<ReadableLogRecord>;

  constructor(pipeline: SignalPipeline<ReadableLogRecord>) {
    this.#pipeline = pipeline;
  }

  onEmit(record: SdkLogRecord): void {
    this.#pipeline.add(record);
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * The periodic metric reader's exporter: queues each collection and reports success at once. It
 * asks the SDK for delta temporality; `BoundedMetricReader` puts that in the preferred
 * temporality, with bounded series, before it gets here. Histograms aggregate as
 * `histogramAggregation` says, unless a view (from `histogramBuckets`) names them.
 */
export class PipelineMetricExporter implements PushMetricExporter {
  readonly #pipeline: SignalPipeline<ResourceMetrics>;
  readonly #histogram: AggregationOption;

  constructor(pipeline: SignalPipeline<ResourceMetrics>, histogramAggregation: HistogramAggregation) {
    this.#pipeline = pipeline;
    this.#histogram =
      histogramAggregation === 'base2_exponential_bucket_histogram'
        ? { type: AggregationType.EXPONENTIAL_HISTOGRAM, options: { maxSize: EXPONENTIAL_MAX_SIZE } }
        : { type: AggregationType.DEFAULT };
  }

  selectAggregation(instrumentType: InstrumentType): AggregationOption {
    return instrumentType === InstrumentType.HISTOGRAM ? this.#histogram : { type: AggregationType.DEFAULT };
  }

  export(metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
    this.#pipeline.add(metrics);
    resultCallback({ code: ExportResultCode.SUCCESS });
  }

  selectAggregationTemporality(): AggregationTemporality {
    return AggregationTemporality.DELTA;
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
