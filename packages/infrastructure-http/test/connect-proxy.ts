import { createServer, request as httpRequest } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';

export interface ProxiedRequest {
  /** `CONNECT` for a tunnel, else the method of an absolute-URI request. */
  readonly method: string;
  /** `host:port` for CONNECT, the absolute URI otherwise. */
  readonly target: string;
  readonly proxyAuthorization: string | undefined;
}

export interface TestProxy {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  readonly seen: ProxiedRequest[];
  close(): Promise<void>;
}

const record = (req: IncomingMessage): ProxiedRequest => ({
  method: req.method ?? '',
  target: req.url ?? '',
  proxyAuthorization: req.headers['proxy-authorization'],
});

/**
 * A forward proxy on a loopback port, as corporate networks run them: absolute-URI requests are
 * forwarded, `CONNECT host:port` opens a tunnel. It records what it was asked to do.
 */
export const startProxy = async (): Promise<TestProxy> => {
  const seen: ProxiedRequest[] = [];
  const sockets = new Set<Socket>();
  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server = createServer((req, res) => {
    seen.push(record(req));
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const upstream = httpRequest(req.url ?? '', { method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connection', track);
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    seen.push(record(req));
    track(client);
    const [host = '', port = ''] = (req.url ?? '').split(/:(?=\d+$)/);
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    track(upstream);
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
};
