import type { SignalType } from '@telemetryflow/domain';
import { expectedAttributes } from './attribute-rules.js';
import type { Limits } from './attribute-rules.js';

/** OpenTelemetry's instrument name syntax, as docs/CLIENT.md states it. */
const INSTRUMENT_NAME = /^[A-Za-z][A-Za-z0-9_./-]{0,254}$/;

/** A unit OTLP takes (printable ASCII, at most 63 characters); anything else is no unit (`''`). */
const unitOf = (unit: unknown): string =>
  typeof unit === 'string' && /^[\x20-\x7e]{0,63}$/.test(unit) ? unit : '';

export const SEVERITIES = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];
export const SPAN_KINDS = ['internal', 'server', 'client', 'producer', 'consumer'];

/**
 * The documented text of a span name, event name or log message: strings as they are (empty:
 * none), numbers, booleans and bigints as text, errors their message, other objects JSON;
 * nothing for nullish values, symbols, functions and objects that cannot be read.
 */
export const hasText = (value: unknown): boolean => {
  try {
    if (typeof value === 'string') return value !== '';
    if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return true;
    if (value === null || value === undefined || typeof value === 'symbol' || typeof value === 'function') {
      return false;
    }
    void (value instanceof Error);
    return true;
  } catch {
    return false;
  }
};

export const isSpanId = (id: unknown): id is string => typeof id === 'string' && id !== '';

/** An `attributes` argument the SDK can read as a record (else it has no attributes at all). */
const isReadableRecord = (input: unknown): boolean => {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return false;
  try {
    Object.keys(input);
    return true;
  } catch {
    return false;
  }
};

/** Recording counts the client should report: the documented rules applied to every call. */
export class RecordingModel {
  readonly recorded: Record<SignalType, number> = { metrics: 0, logs: 0, traces: 0 };
  readonly invalid: Record<SignalType, number> = { metrics: 0, logs: 0, traces: 0 };
  droppedAttributes = 0;
  readonly #limits: Limits;
  readonly #kinds = new Map<string, string>();
  /** The unit each metric name's instrument was created with: the first valid call's. */
  readonly #units = new Map<string, string>();
  readonly open = new Set<string>();

  constructor(limits: Limits) {
    this.#limits = limits;
  }

  attributes(input: unknown): void {
    this.droppedAttributes += expectedAttributes(input, this.#limits).droppedByRules;
  }

  /**
   * One metric call. `unit` is given for the calls that take one (histograms, generic metrics): a
   * unit other than the name's first, where both are units, is refused.
   */
  metric(
    kind: 'counter' | 'gauge' | 'histogram',
    name: unknown,
    value: unknown,
    attributes: unknown,
    unit?: { readonly given: unknown },
  ): void {
    const v = kind === 'counter' && value === undefined ? 1 : value;
    const valid =
      typeof name === 'string' &&
      INSTRUMENT_NAME.test(name) &&
      typeof v === 'number' &&
      Number.isFinite(v) &&
      (kind === 'gauge' || v >= 0);
    if (!valid) {
      this.invalid.metrics++;
      return;
    }
    this.attributes(attributes);
    const known = this.#kinds.get(name);
    if (known !== undefined && known !== kind) {
      this.invalid.metrics++;
      return;
    }
    this.#kinds.set(name, kind);
    const given = unit === undefined ? '' : unitOf(unit.given);
    const first = this.#units.get(name) ?? given;
    this.#units.set(name, first);
    if (given !== '' && first !== '' && given !== first) {
      this.invalid.metrics++;
      return;
    }
    this.recorded.metrics++;
  }

  log(message: unknown, attributes: unknown): void {
    if (!hasText(message)) {
      this.invalid.logs++;
      return;
    }
    this.attributes(attributes);
    this.recorded.logs++;
  }

  /** A span was started and got `id` (`''` when refused). */
  startSpan(name: unknown, attributes: unknown, id: string): void {
    if (!hasText(name)) {
      this.invalid.traces++;
      return;
    }
    this.attributes(attributes);
    this.recorded.traces++;
    this.open.add(id);
  }

  endSpan(id: unknown): void {
    if (!isSpanId(id)) return;
    if (!this.open.delete(id)) this.invalid.traces++;
  }

  /** `addSpanEvent`, `updateSpanName`: text checked before the id. */
  namedSpanCall(id: unknown, name: unknown, attributes?: unknown): void {
    if (!isSpanId(id)) return;
    if (!hasText(name)) {
      this.invalid.traces++;
      return;
    }
    if (attributes !== undefined) this.attributes(attributes);
    if (!this.open.has(id)) this.invalid.traces++;
  }

  setSpanAttributes(id: unknown, attributes: unknown): void {
    if (!isSpanId(id)) return;
    this.attributes(attributes);
    if (!isReadableRecord(attributes) || !this.open.has(id)) this.invalid.traces++;
  }

  setSpanStatus(id: unknown): void {
    if (!isSpanId(id)) return;
    if (!this.open.has(id)) this.invalid.traces++;
  }
}
