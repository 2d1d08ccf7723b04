import { hrTime } from '@opentelemetry/core';
import { PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import type {
  CollectionResult,
  PeriodicExportingMetricReaderOptions,
  ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import type { TemporalityPreference } from '@telemetryflow/domain';
import { TemporalityState } from './temporality-state.js';

type CollectOptions = Parameters<PeriodicExportingMetricReader['collect']>[0];

export interface BoundedMetricReaderOptions extends Omit<
  PeriodicExportingMetricReaderOptions,
  'cardinalityLimits'
> {
  /** Most series per instrument, the overflow series included. */
  readonly cardinalityLimit: number;
  readonly temporalityPreference: TemporalityPreference;
  /** Puts exemplars on each collection's points; absent when exemplars are off. */
  readonly exemplars?: { attach(collection: ResourceMetrics): ResourceMetrics };
}

/**
 * A periodic reader whose cardinality limit holds over the client's lifetime, whatever the
 * temporality. Its exporter asks the SDK for delta temporality (whose per-collection state the
 * SDK bounds by the limit); each collection is then put in the preferred temporality by a
 * {@link TemporalityState}.
 */
export class BoundedMetricReader extends PeriodicExportingMetricReader {
  readonly #state: TemporalityState;
  readonly #exemplars: BoundedMetricReaderOptions['exemplars'];

  constructor({
    cardinalityLimit,
    temporalityPreference,
    exemplars,
    ...options
  }: BoundedMetricReaderOptions) {
    super({ ...options, cardinalityLimits: { default: cardinalityLimit } });
    this.#state = new TemporalityState(cardinalityLimit, temporalityPreference);
    this.#exemplars = exemplars;
  }

  override async collect(options?: CollectOptions): Promise<CollectionResult> {
    const { resourceMetrics, errors } = await super.collect(options);
    const collection = this.#state.accumulate(resourceMetrics, hrTime());
    return { resourceMetrics: this.#exemplars?.attach(collection) ?? collection, errors };
  }
}
