import { SpanKind as OtelSpanKind, SpanStatusCode, TraceFlags, context, trace } from '@opentelemetry/api';
import type { Context, Span, Tracer } from '@opentelemetry/api';
import type { CleanAttributes, SpanFailure, SpanStart, TracingPort } from '@telemetryflow/application';
import { cutAttributeValues, exceptionAttributes } from '@telemetryflow/application';
import type { SpanKind, SpanStatus } from '@telemetryflow/domain';
import { activeContext } from './context-manager.js';
import type { SpanRegistry } from './span-registry.js';
import { toOtel } from './otel-attributes.js';

const STATUS_CODES: Readonly<Record<SpanStatus, SpanStatusCode>> = {
  unset: SpanStatusCode.UNSET,
  ok: SpanStatusCode.OK,
  error: SpanStatusCode.ERROR,
};

const KINDS: Readonly<Record<SpanKind, OtelSpanKind>> = {
  internal: OtelSpanKind.INTERNAL,
  server: OtelSpanKind.SERVER,
  client: OtelSpanKind.CLIENT,
  producer: OtelSpanKind.PRODUCER,
  consumer: OtelSpanKind.CONSUMER,
};

/**
 * Marks `span` failed with `error` and adds an `exception` event with {@link exceptionAttributes},
 * not OpenTelemetry's `recordException`, which takes an error's `code` (MongoDB 11000, gRPC 14) as
 * its `exception.type`. An error object that throws when read still fails the span.
 */
const recordError = (span: Span, error: unknown, valueLength: number): void => {
  try {
    const attributes = exceptionAttributes(error);
    span.addEvent('exception', toOtel(cutAttributeValues(attributes, valueLength)));
    span.setStatus({
      code: SpanStatusCode.ERROR,
      message: typeof error === 'string' ? error : String(attributes['exception.message'] ?? ''),
    });
  } catch {
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'the error could not be read' });
  }
};

const isSampled = (span: Span): boolean => (span.spanContext().traceFlags & TraceFlags.SAMPLED) !== 0;

/**
 * `TracingPort` on an OpenTelemetry tracer; spans addressed by their real span id. A span the
 * sampler did not sample is a non-recording span with a real span context: it is registered like
 * any other, so it can be made active (its trace id, span id and unsampled flag propagate to
 * children, outgoing requests and logs), while what is recorded on it is a no-op.
 */
export class TracingAdapter implements Omit<TracingPort, 'withExtractedContext' | 'injectContext'> {
  readonly #tracer: Tracer;
  readonly #spans: SpanRegistry;
  // Spans whose status was set explicitly: endSpan keeps it instead of setting OK.
  readonly #statusSet = new WeakSet<Span>();
  readonly #valueLength: number;
  // The latest span started and the context it started in, for `span()`, which makes that span
  // active at once: that context is still the active one, so it is not read again (a context read is
  // much of what `span()` adds to startSpan + endSpan outside any span; issue #22).
  #lastStarted: Span | undefined;
  #lastStartedIn: Context | undefined;

  /**
   * Attributes arrive within the span limits (the application applies them: see `createSdk`).
   * @param valueLength the span limits' value length: an exception event's values are cut to it
   */
  constructor(tracer: Tracer, spans: SpanRegistry, valueLength: number) {
    this.#tracer = tracer;
    this.#spans = spans;
    this.#valueLength = valueLength;
  }

  startSpan(start: SpanStart): string | undefined {
    // Refused before it starts: a refused span is neither sampled, counted nor exported.
    if (this.#spans.full) return undefined;
    const parent = start.parentSpanId === undefined ? undefined : this.#spans.get(start.parentSpanId);
    const active = activeContext();
    const ctx = parent === undefined ? active : trace.setSpan(active, parent);
    const span = this.#tracer.startSpan(
      start.name,
      {
        kind: KINDS[start.kind],
        attributes: toOtel(start.attributes),
      },
      ctx,
    );
    const id = span.spanContext().spanId;
    if (!this.#spans.add(id, span)) return undefined;
    this.#lastStarted = span;
    this.#lastStartedIn = ctx;
    return id;
  }

  endSpan(spanId: string, failure: SpanFailure | undefined): boolean {
    const span = this.#spans.take(spanId);
    if (span === undefined) return false;
    if (failure !== undefined) {
      recordError(span, failure.error, this.#valueLength);
    } else if (!this.#statusSet.has(span)) {
      span.setStatus({ code: SpanStatusCode.OK });
    }
    span.end();
    return true;
  }

  addSpanEvent(spanId: string, name: string, attributes: CleanAttributes | undefined): boolean {
    const span = this.#spans.get(spanId);
    if (span === undefined) return false;
    span.addEvent(name, toOtel(attributes));
    return true;
  }

  setSpanAttributes(spanId: string, attributes: CleanAttributes): boolean {
    const span = this.#spans.get(spanId);
    if (span === undefined) return false;
    span.setAttributes(toOtel(attributes) ?? {});
    return true;
  }

  updateSpanName(spanId: string, name: string): boolean {
    const span = this.#spans.get(spanId);
    span?.updateName(name);
    return span !== undefined;
  }

  setSpanStatus(spanId: string, status: SpanStatus, message: string | undefined): boolean {
    const span = this.#spans.get(spanId);
    if (span === undefined) return false;
    span.setStatus(
      message === undefined ? { code: STATUS_CODES[status] } : { code: STATUS_CODES[status], message },
    );
    this.#statusSet.add(span);
    return true;
  }

  /**
   * Forgets the spans still open at shutdown (they can never be exported) and returns how many of
   * them were sampled: those are lost, to be counted as dropped; the others were never to be sent.
   */
  abandonOpenSpans(): number {
    // Counted here, once, rather than tracked on every start and end: unsampled spans are
    // already counted as `notSampled`, never as dropped.
    const sampled = this.#spans.count(isSampled);
    this.#spans.clear();
    this.#lastStarted = undefined;
    this.#lastStartedIn = undefined;
    return sampled;
  }

  /**
   * Runs `fn` in the active context with the span set in it. `startedJustNow`: the caller started
   * this span synchronously just before (`span()`), so the context it started in is the active one.
   */
  withActiveSpan<T>(spanId: string, fn: () => T, startedJustNow = false): T {
    const span = this.#spans.get(spanId);
    if (span === undefined) return fn();
    const startedIn = startedJustNow && span === this.#lastStarted ? this.#lastStartedIn : undefined;
    // Let go of them: the span may end long before another starts.
    this.#lastStarted = undefined;
    this.#lastStartedIn = undefined;
    return context.with(trace.setSpan(startedIn ?? activeContext(), span), fn);
  }
}
