/** Encoded request bodies taken from the queue: one, or several joined into one request. */
export interface EncodedBatch {
  readonly items: number;
  /** Sequence number of the first body taken. */
  readonly first: number;
  readonly body: Uint8Array;
}

interface Entry {
  readonly sequence: number;
  readonly items: number;
  readonly body: Uint8Array;
}

/** Joins protobuf bodies: each OTLP export request is one repeated field, so their concatenation is their union. */
const join = (bodies: readonly Uint8Array[]): Uint8Array => {
  if (bodies.length === 1) return bodies[0] as Uint8Array;
  let length = 0;
  for (const body of bodies) length += body.byteLength;
  const joined = new Uint8Array(length);
  let offset = 0;
  for (const body of bodies) {
    joined.set(body, offset);
    offset += body.byteLength;
  }
  return joined;
};

/**
 * The encoded OTLP request bodies waiting to be sent, oldest first, each numbered as it is queued
 * (so a `flush()` knows which ones it waits for), with their total size.
 */
export class EncodedQueue {
  #entries: Entry[] = [];
  #head = 0;
  #bytes = 0;
  #items = 0;
  #next = 0;

  get length(): number {
    return this.#entries.length - this.#head;
  }

  /** Bytes of the bodies queued. */
  get bytes(): number {
    return this.#bytes;
  }

  /** The number the next body queued gets. */
  get nextSequence(): number {
    return this.#next;
  }

  /** The number of the oldest body queued (`nextSequence` when empty): every older one has been taken. */
  get firstSequence(): number {
    return this.#entries[this.#head]?.sequence ?? this.#next;
  }

  push(items: number, body: Uint8Array): void {
    this.#entries.push({ sequence: this.#next++, items, body });
    this.#bytes += body.byteLength;
    this.#items += items;
  }

  /**
   * Takes the oldest body, and the following ones while the request stays within `joinUpTo`
   * bytes (0: one body); `undefined` when the queue is empty.
   */
  take(joinUpTo: number): EncodedBatch | undefined {
    const first = this.#entries[this.#head];
    if (first === undefined) return undefined;
    const bodies: Uint8Array[] = [];
    let items = 0;
    let bytes = 0;
    for (let next: Entry | undefined = first; next !== undefined; next = this.#entries[this.#head]) {
      if (bodies.length > 0 && bytes + next.body.byteLength > joinUpTo) break;
      bodies.push(next.body);
      items += next.items;
      bytes += next.body.byteLength;
      this.#head++;
    }
    this.#bytes -= bytes;
    this.#items -= items;
    this.#compact();
    return { items, first: first.sequence, body: join(bodies) };
  }

  /** Lets go of every body; returns how many items they held. */
  clear(): number {
    const items = this.#items;
    this.#entries = [];
    this.#head = 0;
    this.#bytes = 0;
    this.#items = 0;
    return items;
  }

  /** Drops the taken entries' slots once they are the larger part of the array. */
  #compact(): void {
    if (this.#head > 64 && this.#head * 2 > this.#entries.length) {
      this.#entries = this.#entries.slice(this.#head);
      this.#head = 0;
    }
  }
}
