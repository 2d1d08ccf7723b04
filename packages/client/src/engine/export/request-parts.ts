import type { SignalCodec } from './signal-codec.js';

/** One export request cut from a batch: its body, or why it cannot be sent. */
export type RequestPart =
  | { readonly items: number; readonly body: Uint8Array }
  | { readonly items: number; readonly body?: undefined; readonly reason: string };

const countAll = <T>(codec: SignalCodec<T>, entries: readonly T[]): number => {
  let items = 0;
  for (const entry of entries) items += codec.countItems(entry);
  return items;
};

const halves = <T>(codec: SignalCodec<T>, entries: T[]): T[][] | undefined => {
  if (entries.length > 1) {
    const middle = Math.ceil(entries.length / 2);
    return [entries.slice(0, middle), entries.slice(middle)];
  }
  const [entry] = entries;
  const split = entry === undefined ? undefined : codec.split?.(entry);
  return split?.map((part) => [part]);
};

/**
 * Serializes `entries` into requests of at most `maxBytes` (the transport's limit, if it has
 * one): a batch over the limit is cut in halves until each half fits, so valid items still go
 * out; what cannot be cut further is reported, alone, with the reason.
 */
export const encodeParts = <T>(
  codec: SignalCodec<T>,
  entries: T[],
  maxBytes: number | undefined,
): RequestPart[] => {
  const parts: RequestPart[] = [];
  const visit = (list: T[]): void => {
    const items = countAll(codec, list);
    if (items === 0) return;
    let body: Uint8Array | undefined;
    try {
      body = codec.serialize(list);
    } catch {
      body = undefined;
    }
    if (body === undefined) {
      parts.push({ items, reason: 'could not serialize the batch' });
    } else if (maxBytes === undefined || body.byteLength <= maxBytes) {
      parts.push({ items, body });
    } else {
      const split = halves(codec, list);
      if (split === undefined) {
        parts.push({
          items,
          reason: `a ${codec.signal} item of ${body.byteLength} bytes is larger than the ${maxBytes}-byte request limit`,
        });
      } else {
        for (const half of split) visit(half);
      }
    }
  };
  visit(entries);
  return parts;
};
