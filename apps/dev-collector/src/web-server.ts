import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TelemetryStore } from './telemetry-store.js';
import { WEB_PAGE } from './web-page.js';

export interface WebServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Serves the page and `/api/telemetry` (the store as JSON) on `host:port`. */
export const startWebServer = async (
  store: TelemetryStore,
  host: string,
  port: number,
): Promise<WebServer> => {
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET') {
      res.writeHead(405).end();
    } else if (req.url === '/' || req.url === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(WEB_PAGE);
    } else if (req.url === '/api/telemetry') {
      res
        .writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
        .end(JSON.stringify(store));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
