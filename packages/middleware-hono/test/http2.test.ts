import { connect, createServer } from 'node:http2';
import type { Http2Server } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { honoTelemetry } from '../src/index.js';
import { recording } from './harness.js';

/** One GET over a fresh HTTP/2 (h2c) session; resolves with the status and the client's port. */
const get = (baseUrl: string, path: string): Promise<{ status: number; clientPort: number | undefined }> =>
  new Promise((resolve, reject) => {
    const session = connect(baseUrl);
    session.once('error', reject);
    const stream = session.request({ ':path': path });
    let status = 0;
    let clientPort: number | undefined;
    stream.once('response', (headers) => {
      status = Number(headers[':status']);
      clientPort = session.socket?.localPort;
    });
    stream.resume();
    stream.once('end', () => session.close(() => resolve({ status, clientPort })));
  });

describe('honoTelemetry on @hono/node-server over HTTP/2', () => {
  it('reports protocol version 2, the :authority and the connection of the HTTP/2 request', async () => {
    const { client, settle } = recording();
    const app = new Hono();
    app.use(honoTelemetry(client));
    app.get('/users/:id', (c) => c.json({ id: c.req.param('id') }));
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1', createServer }) as Http2Server;
    if (!server.listening) await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const answer = await get(`http://127.0.0.1:${port}`, '/users/7');
      expect(answer.status).toBe(200);
      const [span] = await settle(1);
      expect(span?.attrs).toMatchObject({
        'network.protocol.version': '2',
        'server.address': '127.0.0.1',
        'server.port': port,
        'network.peer.address': '127.0.0.1',
        'network.peer.port': answer.clientPort,
        'http.route': '/users/:id',
        'http.response.status_code': 200,
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
