import { AMPLE_MS } from '@telemetryflow-internal/test-utils';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SpanKind, TelemetryFlowBuilder } from '@telemetryflow/client';
import { createTransport } from '@telemetryflow/infrastructure-grpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevCollector } from '../src/index.js';
import type { DevCollector } from '../src/index.js';
import { findChromium, headlessFlags } from './support/chromium.js';

const run = promisify(execFile);
const chromium = findChromium();
if (chromium.reason !== undefined) console.warn(`skipping the web page tests: ${chromium.reason}`);

let collector: DevCollector;
const spanIds: string[] = [];

beforeAll(async () => {
  collector = await startDevCollector({ grpcPort: 0, httpPort: 0, webPort: 0 });
  const client = new TelemetryFlowBuilder({})
    .withApiKey('tfk_web', 'tfs_web')
    .withEndpoint(collector.grpcAddress)
    .withInsecure()
    .withService('checkout')
    .withExporter(createTransport)
    .build()
    .initialize();
  await client.span('POST /checkout', SpanKind.SERVER, async (root) => {
    spanIds.push(root);
    await client.span('db.query orders', SpanKind.CLIENT, async (id) => {
      spanIds.push(id);
      await new Promise((resolve) => setTimeout(resolve, 20));
    });
    client.span('charge card', SpanKind.CLIENT, (id) => {
      spanIds.push(id);
      client.logError('card declined');
    });
  });
  client.recordHistogram('http.server.request.duration', 0.05, 's');
  await client.shutdown(AMPLE_MS);
}, 600_000);

afterAll(() => collector?.close());

const browse = async (args: string[]): Promise<string> => {
  const profile = mkdtempSync(join(tmpdir(), 'tf-chromium-'));
  const { stdout } = await run(
    chromium.path as string,
    [
      ...headlessFlags(profile),
      '--window-size=1280,900',
      '--virtual-time-budget=5000',
      ...args,
      collector.webUrl as string,
    ],
    { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
  );
  return stdout;
};

describe.skipIf(chromium.path === undefined)('the dev collector web page, in headless Chromium', () => {
  it('renders the trace as a waterfall: one bar per span, in start order, indented by depth', async () => {
    const dom = await browse(['--dump-dom']);
    const rows = [...dom.matchAll(/<div class="row" data-span-id="([0-9a-f]{16})">/g)].map((m) => m[1]);
    expect(rows).toEqual(spanIds);
    expect(dom.match(/<div class="waterfall-bar( error)?" style="left:/g)).toHaveLength(3);
    expect(dom).toContain('checkout <small>trace');
    expect(dom).toContain('class="sev-ERROR">ERROR');
    expect(dom).toContain('http.server.request.duration');
  });

  it('takes a screenshot of it', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tf-shot-')), 'dev-collector.png');
    await browse([`--screenshot=${file}`]);
    const png = readFileSync(file);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(1280); // IHDR width
    expect(png.byteLength).toBeGreaterThan(20_000); // a rendered page, not a blank one
    console.info(`screenshot: ${file}`);
  });
});
