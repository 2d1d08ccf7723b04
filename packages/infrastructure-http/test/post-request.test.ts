import { AMPLE_MS } from '@telemetryflow-internal/test-utils';
import { Agent, createServer, request } from 'node:http';
import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createTransport } from '../src/index.js';
import { postRequest } from '../src/post-request.js';
import type { HttpExchange } from '../src/post-request.js';
import { configFor, guardProcess, receiverFor, reportsTo } from './helpers.js';

guardProcess();

let server: Server | undefined;
const agent = new Agent({ keepAlive: true });

afterAll(() => agent.destroy());

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** A raw server doing `handle` for every request; returns its URL. */
const serve = async (handle: (res: ServerResponse) => void): Promise<URL> => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => handle(res));
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`);
};

const post = (url: URL, maxResponseBytes = 1024): Promise<HttpExchange> =>
  postRequest(request, url, new Uint8Array([1, 2, 3]), {
    agent,
    headers: { 'Content-Type': 'application/x-protobuf' },
    timeoutMs: AMPLE_MS,
    maxResponseBytes,
    signal: new AbortController().signal,
  });

describe('postRequest', () => {
  it('reads a response body up to the cap and stops there', async () => {
    const url = await serve((res) => res.end(Buffer.alloc(4 * 1024 * 1024, 0x61)));
    const exchange = await post(url, 1024);
    expect(exchange).toMatchObject({ kind: 'response', status: 200, truncated: true });
    expect(exchange.kind === 'response' && exchange.body.length).toBe(1024);
  });

  it('reads a body within the cap whole', async () => {
    const url = await serve((res) => res.end('{}'));
    const exchange = await post(url);
    expect(exchange).toMatchObject({ kind: 'response', status: 200, truncated: false });
    expect(exchange.kind === 'response' && exchange.body.toString()).toBe('{}');
  });

  it('turns a connection reset in the middle of a response into an error value', async () => {
    const url = await serve((res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('partial');
      setTimeout(() => res.socket?.destroy(), 10);
    });
    const exchange = await post(url);
    expect(exchange).toMatchObject({ kind: 'error', timedOut: false });
  });

  it('turns a connection closed before any response into an error value', async () => {
    const url = await serve((res) => res.socket?.destroy());
    const exchange = await post(url);
    expect(exchange).toMatchObject({ kind: 'error', timedOut: false });
  });
});

describe('response size cap in the transport', () => {
  it('takes a huge 2xx body as success without reading it all', async () => {
    const receiver = await receiverFor();
    receiver.respond = () => ({ body: new Uint8Array(2 * 1024 * 1024).fill(0x0a) });
    const transport = createTransport(configFor(receiver), reportsTo([]));
    await expect(transport.send('traces', new Uint8Array(0), { timeoutMs: AMPLE_MS })).resolves.toEqual({
      status: 'success',
    });
    await transport.shutdown();
  });

  it('answers a reset connection as retryable', async () => {
    const url = await serve((res) => res.socket?.destroy());
    const transport = createTransport(configFor({ address: url.host }), reportsTo([]));
    const outcome = await transport.send('traces', new Uint8Array(0), { timeoutMs: AMPLE_MS });
    await transport.shutdown();
    expect(outcome.status).toBe('retryable');
    expect(outcome.status === 'retryable' && outcome.reason).toMatch(/socket hang up|ECONNRESET/);
  });
});
