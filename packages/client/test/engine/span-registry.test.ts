import type { Span } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { SpanRegistry } from '../../src/engine/span-registry.js';

const span = (name: string) => ({ name }) as unknown as Span;

describe('SpanRegistry', () => {
  it('finds, takes and counts spans whether they are the latest or older', () => {
    const registry = new SpanRegistry(10);
    const [a, b, c] = [span('a'), span('b'), span('c')];
    registry.add('a', a);
    registry.add('b', b);
    registry.add('c', c);
    expect(registry.size).toBe(3);
    expect([registry.get('a'), registry.get('b'), registry.get('c')]).toEqual([a, b, c]);
    expect(registry.take('c')).toBe(c);
    expect(registry.take('c')).toBeUndefined();
    expect(registry.take('a')).toBe(a);
    expect(registry.get('b')).toBe(b);
    expect(registry.size).toBe(1);
    registry.clear();
    expect([registry.size, registry.get('b')]).toEqual([0, undefined]);
  });

  it('refuses spans beyond its bound, counting the latest too', () => {
    const registry = new SpanRegistry(2);
    expect(registry.add('a', span('a'))).toBe(true);
    expect(registry.add('b', span('b'))).toBe(true);
    expect(registry.add('c', span('c'))).toBe(false);
    registry.take('b');
    expect(registry.add('c', span('c'))).toBe(true);
    expect(registry.size).toBe(2);
  });
});
