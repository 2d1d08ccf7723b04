import { describe, expect, it } from 'vitest';
import { nodeBindingsOf, urlPartsOf } from '../src/hono-request-info.js';

describe('urlPartsOf', () => {
  it.each([
    [
      'http://localhost/users/7?page=2',
      { scheme: 'http', authority: 'localhost', target: '/users/7?page=2' },
    ],
    ['HTTPS://[::1]:8443/a/b', { scheme: 'https', authority: '[::1]:8443', target: '/a/b' }],
    ['http://example.com', { scheme: 'http', authority: 'example.com', target: '/' }],
  ])('splits %s into scheme, authority and request target', (url, parts) => {
    expect(urlPartsOf(url)).toEqual(parts);
  });
});

describe('nodeBindingsOf', () => {
  const incoming = { headers: {}, httpVersion: '1.1' };
  const outgoing = { headersSent: false, statusCode: 200, once: () => undefined };

  it("finds @hono/node-server's incoming and outgoing in c.env", () => {
    expect(nodeBindingsOf({ incoming, outgoing })).toEqual({ incoming, outgoing });
  });

  it.each([
    ['no env (app.request())', undefined],
    ["another runtime's bindings", { DB: {}, KV: {} }],
    ['look-alikes that are not Node objects', { incoming: 'req', outgoing: {} }],
  ])('is undefined for %s', (_, env) => {
    expect(nodeBindingsOf(env)).toBeUndefined();
  });
});
