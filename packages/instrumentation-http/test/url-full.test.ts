import { describe, expect, it } from 'vitest';
import { clientErrorTypeOf, urlFullOf } from '../src/index.js';

describe('urlFullOf', () => {
  it('redacts user info and the conventions’ sensitive query values by default, and drops the fragment', () => {
    const url = new URL('https://ada:pw@api.example.com:8443/v1/files?Signature=abc&page=2&SIG=x#top');
    expect(urlFullOf(url)).toBe(
      'https://REDACTED:REDACTED@api.example.com:8443/v1/files?Signature=REDACTED&page=2&SIG=REDACTED',
    );
  });

  it('takes another redactor', () => {
    expect(urlFullOf(new URL('http://h/p?token=t'), (query) => query.toUpperCase())).toBe(
      'http://h/p?TOKEN=T',
    );
  });
});

describe('clientErrorTypeOf', () => {
  it('prefers a system error code, also on fetch’s cause, else the error type', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(clientErrorTypeOf(new TypeError('fetch failed', { cause: refused }))).toBe('ECONNREFUSED');
    expect(clientErrorTypeOf(new DOMException('timed out', 'TimeoutError'))).toBe('TimeoutError');
    expect(clientErrorTypeOf('a string')).toBe('_OTHER');
  });
});
