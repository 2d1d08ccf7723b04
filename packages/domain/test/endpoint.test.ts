import { describe, expect, it } from 'vitest';
import { Protocol, parseEndpoint } from '../src/index.js';

describe('parseEndpoint', () => {
  it.each([
    ['localhost:4317', { host: 'localhost', port: 4317, basePath: '' }],
    ['api.telemetryflow.id:4317', { host: 'api.telemetryflow.id', port: 4317, basePath: '' }],
    ['127.0.0.1:1', { host: '127.0.0.1', port: 1, basePath: '' }],
    ['[::1]:65535', { host: '[::1]', port: 65535, basePath: '' }],
    ['my_host-1:80', { host: 'my_host-1', port: 80, basePath: '' }],
  ])('parses host:port %s for both protocols', (value, endpoint) => {
    expect(parseEndpoint(value, Protocol.GRPC)).toEqual({ ok: true, endpoint });
    expect(parseEndpoint(value, Protocol.HTTP)).toEqual({ ok: true, endpoint });
  });

  it.each([
    ['https://c.example.com', { scheme: 'https', host: 'c.example.com', port: 443, basePath: '' }],
    ['http://c:8080/', { scheme: 'http', host: 'c', port: 8080, basePath: '' }],
    ['https://c/otlp/base//', { scheme: 'https', host: 'c', port: 443, basePath: '/otlp/base' }],
    ['http://[::1]:4318', { scheme: 'http', host: '[::1]', port: 4318, basePath: '' }],
  ])('parses the URL %s for HTTP', (value, endpoint) => {
    expect(parseEndpoint(value, Protocol.HTTP)).toEqual({ ok: true, endpoint });
  });

  it.each([
    ['', Protocol.GRPC, 'endpoint is required'],
    ['   ', Protocol.HTTP, 'endpoint is required'],
    ['localhost', Protocol.GRPC, 'endpoint must be host:port (e.g. localhost:4317)'],
    ['localhost', Protocol.HTTP, 'endpoint must be host:port (e.g. localhost:4318) or an http(s):// URL'],
    ['localhost:', Protocol.GRPC, 'endpoint must be host:port (e.g. localhost:4317)'],
    ['localhost:abc', Protocol.GRPC, 'endpoint must be host:port (e.g. localhost:4317)'],
    ['local host:4317', Protocol.GRPC, 'endpoint must be host:port (e.g. localhost:4317)'],
    ['host:4317/path', Protocol.GRPC, 'endpoint must be host:port (e.g. localhost:4317)'],
    ['localhost:0', Protocol.GRPC, 'endpoint port must be between 1 and 65535'],
    ['localhost:65536', Protocol.GRPC, 'endpoint port must be between 1 and 65535'],
    [
      'http://localhost:4317',
      Protocol.GRPC,
      'endpoint must be host:port for gRPC (e.g. localhost:4317), not a URL',
    ],
    ['ftp://c:21', Protocol.HTTP, 'endpoint URL must start with http:// or https://'],
    ['http://', Protocol.HTTP, 'endpoint is not a valid URL'],
    [
      'https://user:pw@c:4318',
      Protocol.HTTP,
      'endpoint must not contain credentials; use the API key settings',
    ],
    ['https://c:4318/?a=1', Protocol.HTTP, 'endpoint URL must not have a query or fragment'],
    ['https://c:4318/#x', Protocol.HTTP, 'endpoint URL must not have a query or fragment'],
  ])('rejects %j for %s', (value, protocol, reason) => {
    expect(parseEndpoint(value, protocol)).toEqual({ ok: false, reason });
  });
});
