import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { TelemetryStore } from './telemetry-store.js';

export interface WebServer {
  readonly url: string;
  close(): Promise<void>;
}

interface Asset {
  readonly file: string;
  readonly type: string;
}

// The page's files sit in apps/dev-collector/web, one level above both src/ (tests) and dist/ (the
// bin, `pnpm demo`); uPlot comes from node_modules, so the page works offline.
const web = (name: string): string => fileURLToPath(new URL(`../web/${name}`, import.meta.url));
const uplot = (name: string): string => createRequire(import.meta.url).resolve(`uplot/dist/${name}`);

const ASSETS: Readonly<Record<string, () => Asset>> = {
  '/': () => ({ file: web('index.html'), type: 'text/html; charset=utf-8' }),
  '/app.js': () => ({ file: web('app.js'), type: 'text/javascript; charset=utf-8' }),
  '/app.css': () => ({ file: web('app.css'), type: 'text/css; charset=utf-8' }),
  '/vendor/uPlot.iife.min.js': () => ({
    file: uplot('uPlot.iife.min.js'),
    type: 'text/javascript; charset=utf-8',
  }),
  '/vendor/uPlot.min.css': () => ({ file: uplot('uPlot.min.css'), type: 'text/css; charset=utf-8' }),
};

// Nothing the page loads or sends leaves this server.
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * On a loopback address, only requests that name a loopback host: a web page elsewhere cannot
 * read the telemetry through DNS rebinding (its requests carry its own host name).
 */
const hostAllowed = (listening: string, hostHeader: string | undefined): boolean => {
  if (!LOOPBACK_NAMES.has(listening)) return true; // --host 0.0.0.0 etc.: the user opened it up
  const name = (hostHeader ?? '').replace(/:\d+$/, '').toLowerCase();
  return LOOPBACK_NAMES.has(name);
};

/**
 * Serves the page, its scripts and `/api/telemetry` (the store as JSON) on `host:port`; 421 for a
 * request naming another host while it listens on loopback.
 */
export const startWebServer = async (
  store: TelemetryStore,
  host: string,
  port: number,
): Promise<WebServer> => {
  // Read once at start: a missing file fails the start, not a request later.
  const files = new Map<string, { body: Buffer; type: string }>();
  for (const [path, asset] of Object.entries(ASSETS)) {
    const { file, type } = asset();
    files.set(path, { body: await readFile(file), type });
  }
  files.set('/index.html', files.get('/') as { body: Buffer; type: string });
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] as string;
    const file = files.get(path);
    if (!hostAllowed(host, req.headers.host)) {
      res
        .writeHead(421, { 'content-type': 'text/plain' })
        .end('This server answers requests for 127.0.0.1 only.');
    } else if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
    } else if (file !== undefined) {
      res.writeHead(200, { 'content-type': file.type, ...SECURITY_HEADERS }).end(file.body);
    } else if (path === '/api/telemetry') {
      const etag = `"${store.version}"`;
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, { etag, 'cache-control': 'no-cache' }).end();
        return;
      }
      res
        .writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache', etag })
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
