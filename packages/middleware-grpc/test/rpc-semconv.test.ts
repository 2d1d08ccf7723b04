import { describe, expect, it } from 'vitest';
import { cancelledStatus, isFailure, methodOf, peerOf, serverOf, statusName } from '../src/rpc-semconv.js';

describe('rpc-semconv', () => {
  describe('methodOf', () => {
    it.each([
      [
        '/greeter.Greeter/SayHello',
        { name: 'greeter.Greeter/SayHello', service: 'greeter.Greeter', method: 'SayHello' },
      ],
      ['/Echo/Say', { name: 'Echo/Say', service: 'Echo', method: 'Say' }],
      ['odd', { name: 'odd', service: '', method: 'odd' }],
    ])('splits %s into service and method', (path, expected) => {
      expect(methodOf(path)).toEqual(expected);
    });
  });

  describe('serverOf', () => {
    it.each([
      ['dns:127.0.0.1:50051', { 'server.address': '127.0.0.1', 'server.port': 50051 }],
      ['dns:///api.example.com:443', { 'server.address': 'api.example.com', 'server.port': 443 }],
      ['dns:api.example.com', { 'server.address': 'api.example.com' }],
      ['ipv6:[::1]:50051', { 'server.address': '::1', 'server.port': 50051 }],
      ['ipv4:10.0.0.1:1,10.0.0.2:2', { 'server.address': '10.0.0.1', 'server.port': 1 }],
      ['unix:/tmp/grpc.sock', { 'server.address': '/tmp/grpc.sock' }],
      ['unix:///tmp/grpc.sock', { 'server.address': '/tmp/grpc.sock' }],
      ['localhost:8080', { 'server.address': 'localhost', 'server.port': 8080 }],
    ])('reads %s', (target, expected) => {
      expect(serverOf(target)).toEqual(expected);
    });
  });

  describe('peerOf', () => {
    it.each([
      ['127.0.0.1:52144', { 'network.peer.address': '127.0.0.1', 'network.peer.port': 52144 }],
      ['[::1]:52144', { 'network.peer.address': '::1', 'network.peer.port': 52144 }],
      ['unknown', {}],
      ['', {}],
    ])('reads %s', (peer, expected) => {
      expect(peerOf(peer)).toEqual(expected);
    });
  });

  describe('isFailure', () => {
    it('fails a client span for every code but OK', () => {
      expect([...Array(17).keys()].filter((code) => isFailure('client', code))).toEqual(
        [...Array(17).keys()].slice(1),
      );
    });

    it('fails a server span only for the server-side codes of the conventions', () => {
      expect([...Array(17).keys()].filter((code) => isFailure('server', code)).map(statusName)).toEqual([
        'UNKNOWN',
        'DEADLINE_EXCEEDED',
        'UNIMPLEMENTED',
        'INTERNAL',
        'UNAVAILABLE',
        'DATA_LOSS',
      ]);
    });
  });

  it('names codes gRPC does not define _OTHER', () => {
    expect([statusName(16), statusName(17), statusName(-1)]).toEqual(['UNAUTHENTICATED', '_OTHER', '_OTHER']);
  });

  describe('cancelledStatus', () => {
    it('is CANCELLED without a deadline', () => {
      expect(cancelledStatus(0, Infinity, 10_000)).toBe(1);
    });

    it.each([
      { now: 1_000, expected: 4, what: 'at the deadline' },
      { now: 1_500, expected: 4, what: 'after it' },
      { now: 950, expected: 4, what: 'in the last tenth of the call' },
      { now: 850, expected: 1, what: 'earlier' },
    ])('is $expected for a cancel $what', ({ now, expected }) => {
      expect(cancelledStatus(0, 1_000, now)).toBe(expected);
    });

    it('takes at most the last second for the deadline', () => {
      expect(cancelledStatus(0, 60_000, 58_500)).toBe(1);
      expect(cancelledStatus(0, 60_000, 59_500)).toBe(4);
    });
  });
});
