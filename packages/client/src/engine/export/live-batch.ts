/** Entries held as recorded (live objects) until their batch is encoded, with their item and byte counts. */
export class LiveBatch<T> {
  #entries: T[] = [];
  #counts: number[] = [];
  #sizes: number[] = [];
  #items = 0;
  #bytes = 0;

  get entries(): number {
    return this.#entries.length;
  }

  get items(): number {
    return this.#items;
  }

  /** Estimated bytes (the codec's `sizeOf`). */
  get bytes(): number {
    return this.#bytes;
  }

  push(entry: T, items: number, bytes: number): void {
    this.#entries.push(entry);
    this.#counts.push(items);
    this.#sizes.push(bytes);
    this.#items += items;
    this.#bytes += bytes;
  }

  /**
   * Takes the oldest entries: the first one, then more while they fit in `maxItems` items,
   * `maxEntries` entries and `maxBytes` estimated bytes; returns them with their item count.
   */
  take(maxItems: number, maxEntries: number, maxBytes: number): [T[], number] {
    let entries = 0;
    let items = 0;
    let bytes = 0;
    while (
      entries < this.#entries.length &&
      entries < maxEntries &&
      (entries === 0 ||
        (items + (this.#counts[entries] ?? 0) <= maxItems && bytes + (this.#sizes[entries] ?? 0) <= maxBytes))
    ) {
      items += this.#counts[entries] ?? 0;
      bytes += this.#sizes[entries] ?? 0;
      entries++;
    }
    const taken = this.#entries.splice(0, entries);
    this.#counts.splice(0, entries);
    this.#sizes.splice(0, entries);
    this.#items -= items;
    this.#bytes -= bytes;
    return [taken, items];
  }

  /** Lets go of every entry; returns how many items they held. */
  clear(): number {
    const items = this.#items;
    this.#entries = [];
    this.#counts = [];
    this.#sizes = [];
    this.#items = 0;
    this.#bytes = 0;
    return items;
  }
}
