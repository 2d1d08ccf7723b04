import type { Attributes, Context, Link, SpanKind } from '@opentelemetry/api';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  SamplingDecision,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace';
import type { Sampler, SamplingResult } from '@opentelemetry/sdk-trace';
import type { SamplerSettings } from '@telemetryflow/domain';

/**
 * Wraps a sampler to count the spans it does not sample (`NOT_RECORD`, or `RECORD` without the
 * sampled flag): they are never exported, so they are counted apart from those lost on the way.
 */
export class CountingSampler implements Sampler {
  readonly #inner: Sampler;
  readonly #onNotSampled: () => void;

  /** @param onNotSampled called once per span not sampled; must not throw */
  constructor(inner: Sampler, onNotSampled: () => void) {
    this.#inner = inner;
    this.#onNotSampled = onNotSampled;
  }

  shouldSample(
    context: Context,
    traceId: string,
    spanName: string,
    spanKind: SpanKind,
    attributes: Attributes,
    links: Link[],
  ): SamplingResult {
    const result = this.#inner.shouldSample(context, traceId, spanName, spanKind, attributes, links);
    if (result.decision !== SamplingDecision.RECORD_AND_SAMPLED) this.#onNotSampled();
    return result;
  }

  toString(): string {
    return this.#inner.toString();
  }
}

/**
 * The OpenTelemetry sampler `settings` name (`OTEL_TRACES_SAMPLER` semantics). The ratio samplers
 * decide from the trace id, so every service of a trace that uses the same ratio decides alike;
 * `parentbased_*` follow the parent's sampled flag (local or remote) and apply the named sampler
 * to root spans only.
 */
export const createSampler = (settings: SamplerSettings): Sampler => {
  const ratio = settings.ratio ?? 1;
  switch (settings.type) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(ratio);
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) });
    default:
      // 'parentbased_always_on', the default (and OpenTelemetry's).
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
};
