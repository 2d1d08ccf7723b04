import type { Span } from '@opentelemetry/api';

/**
 * Spans started through the client and not yet ended, by their 16-hex span id. Bounded.
 *
 * The most recently started span sits in a slot in front of the map: the common
 * start-then-end of one span never touches the map, whose set/delete of fresh string keys
 * costs more than the rest of that path.
 */
export class SpanRegistry {
  readonly #spans = new Map<string, Span>();
  readonly #max: number;
  #lastId: string | undefined;
  #lastSpan: Span | undefined;

  constructor(maxOpenSpans: number) {
    this.#max = maxOpenSpans;
  }

  get size(): number {
    return this.#spans.size + (this.#lastId === undefined ? 0 : 1);
  }

  /** No room for another span: checked before one is started, so a refused span is never sampled. */
  get full(): boolean {
    return this.size >= this.#max;
  }

  /** `false` when the registry is full. */
  add(id: string, span: Span): boolean {
    if (this.size >= this.#max) return false;
    if (this.#lastId !== undefined) this.#spans.set(this.#lastId, this.#lastSpan as Span);
    this.#lastId = id;
    this.#lastSpan = span;
    return true;
  }

  get(id: string): Span | undefined {
    return id === this.#lastId ? this.#lastSpan : this.#spans.get(id);
  }

  /** Removes and returns the span. */
  take(id: string): Span | undefined {
    if (id === this.#lastId) {
      const span = this.#lastSpan;
      this.#lastId = undefined;
      this.#lastSpan = undefined;
      return span;
    }
    const span = this.#spans.get(id);
    if (span !== undefined) this.#spans.delete(id);
    return span;
  }

  /** How many open spans `predicate` holds for. */
  count(predicate: (span: Span) => boolean): number {
    let n = this.#lastSpan !== undefined && predicate(this.#lastSpan) ? 1 : 0;
    for (const span of this.#spans.values()) if (predicate(span)) n++;
    return n;
  }

  clear(): void {
    this.#spans.clear();
    this.#lastId = undefined;
    this.#lastSpan = undefined;
  }
}
