import { describe, expect, it } from 'vitest';
import { exceptionAttributes, normalizeMethod, parseHost, requestAttributes } from '../src/http-semconv.js';

describe('normalizeMethod', () => {
  it('upper-cases the standard methods', () => {
    expect(normalizeMethod('get')).toBe('GET');
    expect(normalizeMethod('PATCH')).toBe('PATCH');
  });

  it('turns any other method into _OTHER', () => {
    expect(normalizeMethod('PURGE')).toBe('_OTHER');
    expect(normalizeMethod(undefined)).toBe('_OTHER');
  });
});

describe('parseHost', () => {
  it('splits a host name and a port', () => {
    expect(parseHost('example.com:8443')).toEqual({ address: 'example.com', port: 8443 });
  });

  it('reads bracketed IPv6 addresses', () => {
    expect(parseHost('[::1]:3000')).toEqual({ address: '::1', port: 3000 });
    expect(parseHost('[::1]')).toEqual({ address: '::1' });
  });

  it('gives nothing for a missing header', () => {
    expect(parseHost(undefined)).toEqual({});
  });
});

describe('requestAttributes', () => {
  it('keeps the original method of a non-standard request', () => {
    const attributes = requestAttributes({
      method: 'PURGE',
      path: '/cache',
      scheme: 'https',
      headers: { host: 'cdn.example.com' },
      httpVersion: '2',
    });
    expect(attributes).toEqual({
      'http.request.method': '_OTHER',
      'http.request.method_original': 'PURGE',
      'url.path': '/cache',
      'url.scheme': 'https',
      'server.address': 'cdn.example.com',
      'network.protocol.version': '2',
    });
  });
});

describe('exceptionAttributes', () => {
  it('describes an error by its type, message and stack', () => {
    const error = new TypeError('bad input');
    expect(exceptionAttributes(error)).toEqual({
      'exception.type': 'TypeError',
      'exception.message': 'bad input',
      'exception.stacktrace': error.stack,
    });
  });

  it('describes a thrown non-error by its type and text', () => {
    expect(exceptionAttributes('oops')).toEqual({ 'exception.type': 'string', 'exception.message': 'oops' });
  });
});
