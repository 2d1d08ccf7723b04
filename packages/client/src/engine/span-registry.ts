import type { Span } from '@opentelemetry/api';

/** Spans started through the client and not yet ended, by their 16-hex span id. Bounded. */
export class SpanRegistry {
  readonly #spans = new Map<string, Span>();
  readonly #max: number;

  constructor(maxOpenSpans: number) {
    this.#max = maxOpenSpans;
  }

  get size(): number {
    return this.#spans.size;
  }

  /** `false` when the registry is full. */
  add(id: string, span: Span): boolean {
    if (this.#spans.size >= this.#max) return false;
    this.#spans.set(id, span);
    return true;
  }

  get(id: string): Span | undefined {
    return this.#spans.get(id);
  }

  /** Removes and returns the span. */
  take(id: string): Span | undefined {
    const span = this.#spans.get(id);
    if (span !== undefined) this.#spans.delete(id);
    return span;
  }

  clear(): void {
    this.#spans.clear();
  }
}
