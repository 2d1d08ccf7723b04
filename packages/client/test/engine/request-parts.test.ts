import { describe, expect, it } from 'vitest';
import { encodeParts } from '../../src/engine/export/request-parts.js';
import type { SignalCodec } from '../../src/engine/export/signal-codec.js';

/** Entries are strings; a request is their bytes; `split` halves a string. */
const codec = (withSplit = false): SignalCodec<string> => ({
  signal: 'logs',
  countItems: (entry) => entry.length,
  maxEntriesPerRequest: 100,
  serialize: (entries) => new TextEncoder().encode(entries.join('')),
  ...(withSplit
    ? {
        split: (entry: string): [string, string] | undefined =>
          entry.length < 2 ? undefined : [entry.slice(0, entry.length / 2), entry.slice(entry.length / 2)],
      }
    : {}),
});

describe('encodeParts', () => {
  it('sends a batch within the limit (or without one) as one request', () => {
    expect(encodeParts(codec(), ['ab', 'cd'], 10).map((p) => p.items)).toEqual([4]);
    expect(encodeParts(codec(), ['ab', 'cd'], undefined).map((p) => p.items)).toEqual([4]);
  });

  it('cuts a batch over the limit in halves until each part fits', () => {
    const parts = encodeParts(codec(), ['aaaa', 'bbbb', 'cccc', 'dddd'], 8);
    expect(parts.map((p) => (p.body === undefined ? 'failed' : new TextDecoder().decode(p.body)))).toEqual([
      'aaaabbbb',
      'ccccdddd',
    ]);
  });

  it('reports an entry that is too large alone, and sends the others', () => {
    const parts = encodeParts(codec(), ['a', 'b'.repeat(20), 'c'], 10);
    expect(parts.map((p) => [p.items, p.body === undefined ? p.reason : 'sent'])).toEqual([
      [1, 'sent'],
      [20, 'a logs item of 20 bytes is larger than the 10-byte request limit'],
      [1, 'sent'],
    ]);
  });

  it("uses the codec's split for a single entry that is too large", () => {
    expect(encodeParts(codec(true), ['x'.repeat(16)], 4).map((p) => p.items)).toEqual([4, 4, 4, 4]);
  });

  it('reports a batch that does not serialize', () => {
    const broken: SignalCodec<string> = {
      ...codec(),
      serialize: () => {
        throw new Error('no');
      },
    };
    expect(encodeParts(broken, ['a'], 10)).toEqual([{ items: 1, reason: 'could not serialize the batch' }]);
  });
});
