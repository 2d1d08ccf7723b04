import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { outcomeOf, routeOf, schemeOf } from '../src/fastify-request-info.js';
import type { FastifyRequestLike } from '../src/fastify-types.js';

const requestWith = (fields: Partial<FastifyRequestLike>): FastifyRequestLike => ({
  method: 'GET',
  url: '/users/1',
  headers: {},
  raw: { socket: {} } as IncomingMessage,
  ...fields,
});

describe('routeOf', () => {
  it('reads the template from routeOptions.url', () => {
    expect(routeOf(requestWith({ routeOptions: { url: '/users/:id' } }))).toBe('/users/:id');
  });

  it('gives undefined when no route matched', () => {
    expect(
      routeOf(requestWith({ routeOptions: { url: undefined }, routerPath: '/users/1' })),
    ).toBeUndefined();
  });

  it('falls back to routerPath on Fastify versions without routeOptions', () => {
    expect(routeOf(requestWith({ routerPath: '/users/:id' }))).toBe('/users/:id');
  });
});

describe('schemeOf', () => {
  it('prefers the protocol Fastify derived', () => {
    expect(schemeOf(requestWith({ protocol: 'https' }))).toBe('https');
  });

  it('falls back to the socket: https when encrypted', () => {
    const raw = { socket: { encrypted: true } } as unknown as IncomingMessage;
    expect(schemeOf(requestWith({ raw }))).toBe('https');
  });
});

describe('outcomeOf', () => {
  it('has no status code when no response was started', () => {
    const response = { statusCode: 200, headersSent: false } as ServerResponse;
    expect(outcomeOf(requestWith({}), response, true)).toEqual({
      statusCode: undefined,
      route: undefined,
      aborted: true,
    });
  });

  it('has no route when Fastify never showed the request to the plugin', () => {
    const response = { statusCode: 401, headersSent: true } as ServerResponse;
    expect(outcomeOf(undefined, response, false)).toEqual({
      statusCode: 401,
      route: undefined,
      aborted: false,
    });
  });
});
