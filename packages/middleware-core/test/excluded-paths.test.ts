import { describe, expect, it } from 'vitest';
import { createPathFilter, pathOf, queryOf } from '../src/excluded-paths.js';

describe('createPathFilter', () => {
  const isExcluded = createPathFilter(['/health', '/internal/*']);

  it('excludes a path equal to an entry', () => {
    expect(isExcluded('/health')).toBe(true);
  });

  it('does not treat an entry without a star as a prefix', () => {
    expect(isExcluded('/healthz')).toBe(false);
    expect(isExcluded('/health/deep')).toBe(false);
  });

  it('excludes every path under an entry ending with a star, but not the bare prefix', () => {
    expect(isExcluded('/internal/jobs')).toBe(true);
    expect(isExcluded('/internal/')).toBe(true);
    expect(isExcluded('/internal')).toBe(false);
  });

  it('excludes nothing when given no entries', () => {
    expect(createPathFilter([])('/')).toBe(false);
  });
});

describe('pathOf', () => {
  it('drops the query string and fragment', () => {
    expect(pathOf('/users/1?x=1#top')).toBe('/users/1');
  });

  it('gives / for an empty or missing target', () => {
    expect(pathOf(undefined)).toBe('/');
    expect(pathOf('?a=1')).toBe('/');
  });
});

describe('queryOf', () => {
  it('gives the query without its ? or the fragment', () => {
    expect(queryOf('/users/1?x=1&y=2#top')).toBe('x=1&y=2');
    expect(queryOf('/search?q=a?b')).toBe('q=a?b');
  });

  it('gives undefined when there is no query', () => {
    expect(queryOf('/users/1')).toBeUndefined();
    expect(queryOf('/users/1?')).toBeUndefined();
    expect(queryOf('/users/1?#top')).toBeUndefined();
    expect(queryOf(undefined)).toBeUndefined();
  });
});
