import { AMPLE_MS } from '@telemetryflow-internal/test-utils';
import fc from 'fast-check';
import type { TelemetryFlowClient } from '@telemetryflow/client';
import { expect } from 'vitest';
import { expectedAttributes } from './attribute-rules.js';
import {
  hostileAttributes,
  hostileText,
  hostileValue,
  metricName,
  metricValue,
  severity,
  spanKind,
  spanStatus,
} from './hostile-input.js';
import type { PropertySink } from './property-sink.js';
import {
  PROPERTY_LIMITS,
  clientFor,
  counterTotal,
  markerName,
  verifyArrivals,
  VERIFY_EVERY,
  wireKind,
  wireSeverity,
} from './property-run.js';
import type { Marker } from './property-run.js';
import { RecordingModel } from './recording-model.js';

const SPAN_ID = /^[0-9a-f]{16}$/;
const CASES_COUNTER = 'property.cases';

/** A span id argument: one of this case's open spans, an ended one, one that never existed, or not an id. */
type Ref = 'open' | 'ended' | 'unknown' | 'empty' | 'garbage';
const ref = fc.constantFrom<Ref>('open', 'ended', 'unknown', 'empty', 'garbage');
const attributes = hostileAttributes(PROPERTY_LIMITS.count);

const op = fc.oneof(
  fc.record({
    type: fc.constantFrom('counter', 'gauge', 'histogram', 'metric'),
    name: metricName,
    value: metricValue,
    unit: hostileText,
    attributes,
  }),
  fc.record({ type: fc.constant('log'), message: hostileText, severity, attributes }),
  fc.record({ type: fc.constant('start'), name: hostileText, kind: spanKind, attributes }),
  fc.record({ type: fc.constant('end'), ref, error: fc.option(hostileValue, { nil: undefined }) }),
  fc.record({ type: fc.constant('event'), ref, name: hostileText, attributes }),
  fc.record({ type: fc.constant('setAttributes'), ref, attributes }),
  fc.record({ type: fc.constant('rename'), ref, name: hostileText }),
  fc.record({ type: fc.constant('status'), ref, status: spanStatus, message: hostileText }),
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

const marker = fc.record({ severity, kind: spanKind, attributes });
type MarkerInput = typeof marker extends fc.Arbitrary<infer T> ? T : never;

const GARBAGE_IDS: readonly unknown[] = [null, 42, {}, Symbol('id'), ['ffffffffffffffff']];

/** Runs the property against one client, checking what arrives every {@link VERIFY_EVERY} runs. */
class PropertyRun {
  readonly model = new RecordingModel(PROPERTY_LIMITS);
  readonly pending = new Map<number, Marker>();
  readonly client: TelemetryFlowClient;
  readonly #sink: PropertySink;
  readonly #internalErrors: string[] = [];
  readonly #ended: string[] = [];
  #cases = 0;

  constructor(sink: PropertySink) {
    this.#sink = sink;
    const { client, diagnostics } = clientFor(sink);
    this.client = client.initialize();
    const push = diagnostics.push.bind(diagnostics);
    diagnostics.push = (...items) => {
      for (const d of items) if (d.code === 'TF_INTERNAL_ERROR') this.#internalErrors.push(d.message);
      return push(...items);
    };
  }

  get cases(): number {
    return this.#cases;
  }

  /** Records the case's valid marker (a span, a log record, a counter) with hostile attributes. */
  recordMarker(input: MarkerInput): void {
    const n = this.#cases++;
    const id = this.client.startSpan(markerName(n), input.kind as never, input.attributes as never);
    expect(id).toMatch(SPAN_ID);
    this.client.endSpan(id);
    this.client.log(markerName(n), input.severity as never, input.attributes as never);
    this.client.incrementCounter(CASES_COUNTER, 1, input.attributes as never);
    this.model.startSpan(markerName(n), input.attributes, id);
    this.model.endSpan(id);
    this.model.log(markerName(n), input.attributes);
    this.model.metric('counter', CASES_COUNTER, 1, input.attributes);
    this.pending.set(n, {
      attributes: expectedAttributes(input.attributes, PROPERTY_LIMITS),
      severityText: wireSeverity(input.severity),
      kind: wireKind(input.kind),
    });
  }

  /** One hostile call, mirrored in the model. */
  apply(o: Op, opened: string[]): void {
    const c = this.client;
    const m = this.model;
    switch (o.type) {
      case 'counter':
        c.incrementCounter(o.name as never, o.value as never, o.attributes as never);
        return m.metric('counter', o.name, o.value, o.attributes);
      case 'gauge':
        c.recordGauge(o.name as never, o.value as never, o.attributes as never);
        return m.metric('gauge', o.name, o.value, o.attributes);
      case 'histogram':
        c.recordHistogram(o.name as never, o.value as never, o.unit as never, o.attributes as never);
        return m.metric('histogram', o.name, o.value, o.attributes, { given: o.unit });
      case 'metric':
        c.recordMetric(o.name as never, o.value as never, o.unit as never, o.attributes as never);
        return m.metric('gauge', o.name, o.value, o.attributes, { given: o.unit });
      case 'log':
        c.log(o.message as never, o.severity as never, o.attributes as never);
        return m.log(o.message, o.attributes);
      case 'start': {
        const id = c.startSpan(o.name as never, o.kind as never, o.attributes as never);
        expect(id === '' || SPAN_ID.test(id)).toBe(true);
        m.startSpan(o.name, o.attributes, id);
        if (id !== '') opened.push(id);
        return;
      }
      default:
        return this.#applyToSpan(o, this.#resolve(o.ref, opened));
    }
  }

  #applyToSpan(
    o: Exclude<Op, { type: 'counter' | 'gauge' | 'histogram' | 'metric' | 'log' | 'start' }>,
    id: unknown,
  ): void {
    const c = this.client;
    const m = this.model;
    if (o.type === 'end') {
      c.endSpan(id as never, o.error);
      if (typeof id === 'string' && m.open.has(id)) this.#ended.push(id);
      return m.endSpan(id);
    }
    if (o.type === 'event') {
      c.addSpanEvent(id as never, o.name as never, o.attributes as never);
      return m.namedSpanCall(id, o.name, o.attributes);
    }
    if (o.type === 'setAttributes') {
      c.setSpanAttributes(id as never, o.attributes as never);
      return m.setSpanAttributes(id, o.attributes);
    }
    if (o.type === 'rename') {
      c.updateSpanName(id as never, o.name as never);
      return m.namedSpanCall(id, o.name);
    }
    c.setSpanStatus(id as never, o.status as never, o.message as never);
    return m.setSpanStatus(id);
  }

  #resolve(r: Ref, opened: string[]): unknown {
    const open = opened.filter((id) => this.model.open.has(id));
    if (r === 'open' && open.length > 0) return open[open.length - 1];
    if (r === 'ended' && this.#ended.length > 0) return this.#ended[this.#ended.length - 1];
    if (r === 'empty') return '';
    if (r === 'garbage') return GARBAGE_IDS[this.#cases % GARBAGE_IDS.length];
    return (0xdead_0000 + this.#cases).toString(16).padStart(16, '0'); // never a real span id
  }

  /** Ends what the case left open, then checks the model's counts and the diagnostics. */
  finishCase(opened: string[]): void {
    for (const id of opened) {
      if (!this.model.open.has(id)) continue;
      this.client.endSpan(id);
      this.model.endSpan(id);
      this.#ended.push(id);
    }
    const status = this.client.getStatus();
    for (const signal of ['metrics', 'logs', 'traces'] as const) {
      expect(status.signals[signal].recorded, `${signal} recorded`).toBe(this.model.recorded[signal]);
      expect(status.signals[signal].invalid, `${signal} invalid`).toBe(this.model.invalid[signal]);
    }
    expect(status.droppedAttributes, 'droppedAttributes').toBe(this.model.droppedAttributes);
    expect(this.#internalErrors, 'nothing failed inside the SDK').toEqual([]);
  }

  async verifyIfDue(): Promise<void> {
    if (this.#cases % VERIFY_EVERY === 0) await this.verify();
  }

  async verify(): Promise<void> {
    const metrics = await verifyArrivals(this.client, this.#sink, this.model, this.pending);
    if (metrics.length > 0) expect(counterTotal(metrics, CASES_COUNTER)).toBe(this.#cases);
  }
}

const parameters = (numRuns: number): fc.Parameters<unknown> => ({
  numRuns,
  endOnFailure: true, // the client is stateful: shrinking would replay cases against it
  ...(process.env['FC_SEED'] === undefined ? {} : { seed: Number(process.env['FC_SEED']) }),
});

/**
 * Attributes: every kind of hostile attributes argument on a span, a log record and a counter.
 * Returns the number of cases run.
 */
export const checkAttributes = async (sink: PropertySink, numRuns: number): Promise<number> => {
  const run = new PropertyRun(sink);
  try {
    await fc.assert(
      fc.asyncProperty(marker, async (input) => {
        expect(() => run.recordMarker(input)).not.toThrow();
        run.finishCase([]);
        await run.verifyIfDue();
      }),
      parameters(numRuns) as fc.Parameters<[MarkerInput]>,
    );
    await run.verify();
    return run.cases;
  } finally {
    await run.client.shutdown(AMPLE_MS);
  }
};

/**
 * Recording calls: sequences of hostile calls (names, values, units, severities, kinds, span ids
 * that never existed or were ended) followed by a valid marker that must still arrive.
 */
export const checkRecordingCalls = async (sink: PropertySink, numRuns: number): Promise<number> => {
  const run = new PropertyRun(sink);
  const ops = fc.array(op, { minLength: 1, maxLength: 6 });
  try {
    await fc.assert(
      fc.asyncProperty(ops, marker, async (list, input) => {
        const opened: string[] = [];
        expect(() => {
          for (const o of list) run.apply(o, opened);
          run.recordMarker(input);
        }).not.toThrow();
        run.finishCase(opened);
        await run.verifyIfDue();
      }),
      parameters(numRuns) as fc.Parameters<[Op[], MarkerInput]>,
    );
    await run.verify();
    return run.cases;
  } finally {
    await run.client.shutdown(AMPLE_MS);
  }
};
