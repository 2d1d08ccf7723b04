import { hrTime } from '@opentelemetry/core';
import { PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import type { CollectionResult, PeriodicExportingMetricReaderOptions } from '@opentelemetry/sdk-metrics';
import { CumulativeState } from './cumulative-state.js';

type CollectOptions = Parameters<PeriodicExportingMetricReader['collect']>[0];

export interface CumulativeMetricReaderOptions extends Omit<
  PeriodicExportingMetricReaderOptions,
  'cardinalityLimits'
> {
  /** Most series per instrument, the overflow series included. */
  readonly cardinalityLimit: number;
}

/**
 * A periodic reader that exports cumulative metrics with a cardinality limit that holds over the
 * client's lifetime. Its exporter asks the SDK for delta temporality (whose per-collection state
 * the SDK bounds by the limit); each collection is then folded into a {@link CumulativeState}.
 */
export class CumulativeMetricReader extends PeriodicExportingMetricReader {
  readonly #state: CumulativeState;

  constructor({ cardinalityLimit, ...options }: CumulativeMetricReaderOptions) {
    super({ ...options, cardinalityLimits: { default: cardinalityLimit } });
    this.#state = new CumulativeState(cardinalityLimit);
  }

  override async collect(options?: CollectOptions): Promise<CollectionResult> {
    const { resourceMetrics, errors } = await super.collect(options);
    return { resourceMetrics: this.#state.accumulate(resourceMetrics, hrTime()), errors };
  }
}
