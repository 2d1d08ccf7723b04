import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SENSITIVE_QUERY_PARAMETERS,
  createQueryRedactor,
  errorTypeOf,
  exceptionAttributes,
  normalizeMethod,
  parseHost,
  protocolVersionOf,
  requestAttributes,
} from '../src/http-semconv.js';

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

  it('describes a thrown non-error as NonErrorThrown, with its text', () => {
    expect(exceptionAttributes('oops')).toEqual({
      'exception.type': 'NonErrorThrown',
      'exception.message': 'oops',
    });
  });

  it("names an error subclass by its class, and puts the error's code in error.type", () => {
    class PaymentError extends Error {
      readonly code = 11000;
    }
    expect(exceptionAttributes(new PaymentError('duplicate key'))).toMatchObject({
      'exception.type': 'PaymentError',
      'exception.message': 'duplicate key',
      'error.type': '11000',
    });
  });

  it('never throws, whatever was thrown', () => {
    const hostile = new Proxy(new Error('x'), {
      get: () => {
        throw new Error('trap');
      },
    });
    const nullPrototype = Object.create(null) as object;
    expect(() => exceptionAttributes(hostile)).not.toThrow();
    expect(exceptionAttributes(nullPrototype)['exception.type']).toBe('NonErrorThrown');
  });
});

describe('requestAttributes, connection and query', () => {
  it('records the query (redacted), the client, the peer, and HTTP/2 as 2', () => {
    const attributes = requestAttributes(
      {
        method: 'GET',
        path: '/files',
        scheme: 'http',
        headers: {},
        httpVersion: '2.0',
        query: 'name=a&sig=abc',
        clientAddress: '203.0.113.9',
        peerAddress: '127.0.0.1',
        peerPort: 51234,
      },
      createQueryRedactor(DEFAULT_SENSITIVE_QUERY_PARAMETERS),
    );
    expect(attributes).toMatchObject({
      'url.path': '/files',
      'url.query': 'name=a&sig=REDACTED',
      'network.protocol.version': '2',
      'client.address': '203.0.113.9',
      'network.peer.address': '127.0.0.1',
      'network.peer.port': 51234,
    });
  });

  it('records no url.query without a query', () => {
    expect(
      requestAttributes({ method: 'GET', path: '/', scheme: 'http', headers: {}, httpVersion: '1.1' }),
    ).not.toHaveProperty('url.query');
  });
});

describe('createQueryRedactor', () => {
  const redact = createQueryRedactor([...DEFAULT_SENSITIVE_QUERY_PARAMETERS, 'token']);

  it("redacts the conventions' signed-URL parameters and the extra ones, keeping the rest as received", () => {
    expect(redact('AWSAccessKeyId=AKIA&Signature=s%2Bg&Expires=1&x=a%20b')).toBe(
      'AWSAccessKeyId=REDACTED&Signature=REDACTED&Expires=1&x=a%20b',
    );
    expect(redact('X-Goog-Signature=abc&sig=1&token=t')).toBe(
      'X-Goog-Signature=REDACTED&sig=REDACTED&token=REDACTED',
    );
  });

  it('compares names case-insensitively and percent-decoded', () => {
    expect(redact('SIG=1&Tok%65n=2&tokens=3')).toBe('SIG=REDACTED&Tok%65n=REDACTED&tokens=3');
  });

  it('leaves parameters without a value and malformed encodings alone', () => {
    expect(redact('sig&%E0%A4%A=1&a=')).toBe('sig&%E0%A4%A=1&a=');
  });
});

describe('protocolVersionOf', () => {
  it('writes versions as the conventions do', () => {
    expect(protocolVersionOf('1.1')).toBe('1.1');
    expect(protocolVersionOf('1.0')).toBe('1.0');
    expect(protocolVersionOf('2.0')).toBe('2');
    expect(protocolVersionOf(undefined)).toBeUndefined();
  });
});

describe('errorTypeOf', () => {
  it('names an error by its specific name, else by its class', () => {
    class ValidationError extends Error {}
    const abort = new Error('gone');
    abort.name = 'AbortError';
    expect(errorTypeOf(new TypeError('x'))).toBe('TypeError');
    expect(errorTypeOf(abort)).toBe('AbortError');
    expect(errorTypeOf(new ValidationError('x'))).toBe('ValidationError');
    expect(errorTypeOf(new Error('x'))).toBe('Error');
  });

  it('gives _OTHER for thrown values that are not errors', () => {
    expect(errorTypeOf('boom')).toBe('_OTHER');
    expect(errorTypeOf(undefined)).toBe('_OTHER');
  });

  it('never throws: a value whose prototype cannot be read is _OTHER', () => {
    const hostile = new Proxy(
      {},
      {
        getPrototypeOf: () => {
          throw new Error('trap');
        },
      },
    );
    expect(errorTypeOf(hostile)).toBe('_OTHER');
  });
});
