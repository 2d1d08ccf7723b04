import { spawn } from 'node:child_process';
import { get } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevCollector } from '../src/index.js';
import type { DevCollector, TelemetrySnapshot } from '../src/index.js';

const here = dirname(fileURLToPath(import.meta.url));

/** The page's files and their content types: all served by the collector, nothing from a CDN. */
const ASSETS: [string, string][] = [
  ['/', 'text/html'],
  ['/app.js', 'text/javascript'],
  ['/app.css', 'text/css'],
  ['/vendor/uPlot.iife.min.js', 'text/javascript'],
  ['/vendor/uPlot.min.css', 'text/css'],
];

describe('the web server', () => {
  let collector: DevCollector;
  beforeAll(async () => {
    collector = await startDevCollector({ grpcPort: 0, httpPort: 0, webPort: 0 });
  });
  afterAll(() => collector.close());

  it('listens on 127.0.0.1 by default', () => {
    expect(collector.webUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it.each(ASSETS)(
    'serves %s as %s, with a policy that lets the page load only from itself',
    async (path, type) => {
      const response = await fetch(`${collector.webUrl as string}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain(type);
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect((await response.text()).length).toBeGreaterThan(100);
    },
  );

  it('references only its own assets from the page', async () => {
    const html = await (await fetch(`${collector.webUrl as string}/`)).text();
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] as string);
    expect(refs.filter((r) => !r.startsWith('#'))).toEqual([
      '/vendor/uPlot.min.css',
      '/app.css',
      '/vendor/uPlot.iife.min.js',
      '/app.js',
    ]);
  });

  it('answers /api/telemetry with the store, and 304 while nothing new arrived', async () => {
    const url = `${collector.webUrl as string}/api/telemetry`;
    const first = await fetch(url);
    const snapshot = (await first.json()) as TelemetrySnapshot;
    expect(snapshot).toMatchObject({ traces: [], series: [], logs: [], evicted: { spans: 0, logs: 0 } });
    const etag = first.headers.get('etag') as string;
    expect((await fetch(url, { headers: { 'if-none-match': etag } })).status).toBe(304);
    collector.store.add({ spans: [], logs: [], metrics: [] });
    expect((await fetch(url, { headers: { 'if-none-match': etag } })).status).toBe(200);
  });

  it('refuses requests that name another host (DNS rebinding), answers those naming loopback', async () => {
    const statusFor = (hostHeader: string) =>
      new Promise<number>((resolve, reject) => {
        const request = get(
          `${collector.webUrl as string}/api/telemetry`,
          { headers: { host: hostHeader } },
          (response) => {
            response.resume();
            resolve(response.statusCode as number);
          },
        );
        request.once('error', reject);
      });
    const port = new URL(collector.webUrl as string).port;
    expect(await statusFor(`attacker.example:${port}`)).toBe(421);
    expect(await statusFor(`localhost:${port}`)).toBe(200);
    expect(await statusFor(`127.0.0.1:${port}`)).toBe(200);
  });

  it('refuses other methods and unknown paths', async () => {
    expect((await fetch(`${collector.webUrl as string}/`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`${collector.webUrl as string}/../package.json`)).status).toBe(404);
    expect((await fetch(`${collector.webUrl as string}/vendor/uPlot.d.ts`)).status).toBe(404);
  });
});

describe('the committed bin (dist/, as `pnpm dev-collector` and `pnpm demo` run it)', () => {
  it('serves the page and uPlot from its own node_modules', async () => {
    const child = spawn(
      process.execPath,
      [
        join(here, '../bin/telemetryflow-dev-collector.js'),
        '--grpc-port',
        '0',
        '--http-port',
        '0',
        '--web-port',
        '0',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      let output = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const found = /web page\s+(http:\/\/\S+)/.exec(output);
          if (found) resolve(found[1] as string);
        });
        child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.once('exit', (code) => reject(new Error(`the collector exited (${code}): ${output}`)));
      });
      for (const [path] of ASSETS) expect((await fetch(url + path)).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
