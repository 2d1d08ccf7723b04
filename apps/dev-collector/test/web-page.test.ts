import { AMPLE_MS, baseUrlOf, closeServer, encodeRequest } from '@telemetryflow-internal/test-utils';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { RequestListener } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '@telemetryflow-internal/example-http-server';
import { createLogger, runWorker } from '@telemetryflow-internal/example-worker';
import { SpanKind, TelemetryFlowBuilder } from '@telemetryflow/client';
import type { TelemetryFlowClient } from '@telemetryflow/client';
import { createTransport } from '@telemetryflow/infrastructure-grpc';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDevCollector } from '../src/index.js';
import type { DevCollector } from '../src/index.js';
import { launchBrowser } from './support/browser.js';
import type { Browser, Page } from './support/browser.js';
import { findChromium } from './support/chromium.js';

const chromium = findChromium();
if (chromium.reason !== undefined) console.warn(`skipping the web page tests: ${chromium.reason}`);

// `UPDATE_SCREENSHOTS=1 npx vitest run test/web-page.test.ts` refreshes the images the docs show.
const DOCS_IMAGES = join(dirname(fileURLToPath(import.meta.url)), '../../../docs/images');
const VIEWPORT = { width: 1280, height: 800 };

let collector: DevCollector;
let browser: Browser | undefined;

const clientFor = (service: string): TelemetryFlowClient =>
  new TelemetryFlowBuilder({})
    .withApiKey('tfk_web', 'tfs_web')
    .withEndpoint(collector.grpcAddress)
    .withInsecure()
    .withService(service)
    .withBatchSettings(50)
    .withExporter(createTransport)
    .build()
    .initialize();

/** The Express example: three rounds of requests, a metric export after each (a time series). */
const runShop = async (): Promise<void> => {
  const client = clientFor('shop-api');
  // The app is an Express app: a plain request listener for node:http.
  const server = createServer(createApp(client) as unknown as RequestListener).listen(0, '127.0.0.1');
  const base = await baseUrlOf(server);
  for (let round = 0; round < 3; round++) {
    for (const path of ['/', '/api/users', '/api/orders', '/error']) await fetch(base + path);
    await client.flush(AMPLE_MS);
  }
  await closeServer(server);
  await client.shutdown(AMPLE_MS);
};

const b64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64');
const LINKING = { traceId: 'a1'.repeat(16), spanId: 'b2'.repeat(8) };

/** A span with a link to another trace's span, as a batch consumer records the messages it took. */
const sendLinkedSpan = async (to: { traceId: string; spanId: string }): Promise<void> => {
  const nowNanos = BigInt(Date.now()) * 1_000_000n;
  const body = encodeRequest('traces', {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'batch-consumer' } }] },
        scopeSpans: [
          {
            spans: [
              {
                traceId: b64(LINKING.traceId),
                spanId: b64(LINKING.spanId),
                name: 'process batch',
                kind: 5,
                startTimeUnixNano: String(nowNanos),
                endTimeUnixNano: String(nowNanos + 2_000_000n),
                links: [
                  {
                    traceId: b64(to.traceId),
                    spanId: b64(to.spanId),
                    attributes: [{ key: 'messaging.operation', value: { stringValue: 'receive' } }],
                  },
                ],
              },
            ],
          },
        ],
      },
    ],
  });
  const response = await fetch(`${collector.httpUrl}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-protobuf' },
    body,
  });
  expect(response.status).toBe(200);
};

beforeAll(async () => {
  collector = await startDevCollector({ grpcPort: 0, httpPort: 0, webPort: 0 });
  await runShop();
  const worker = clientFor('job-worker');
  await runWorker(worker, { jobs: 5, concurrency: 2, logger: createLogger(worker, { write: () => {} }) });
  await worker.shutdown(AMPLE_MS);
  const failing = collector.store.traces().find((t) => t.spans.some((s) => s.status === 'error'));
  const span = failing?.spans[0];
  if (span === undefined) throw new Error('the examples sent no failing trace');
  await sendLinkedSpan(span);
  if (chromium.path !== undefined) browser = await launchBrowser(chromium.path);
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await collector?.close();
});

const pages: Page[] = [];
afterEach(async () => {
  await Promise.all(pages.splice(0).map((page) => page.close()));
});

const open = async (hash: string): Promise<Page> => {
  const page = await (browser as Browser).open(`${collector.webUrl as string}/${hash}`, VIEWPORT);
  pages.push(page);
  await page.waitFor<boolean>(
    `document.getElementById('summary').textContent.includes('traces ·')`,
    'the first snapshot',
  );
  return page;
};

/** Checks the PNG is a rendered 1280x800 page, and keeps it for the docs when asked. */
const keepScreenshot = async (page: Page, name: string): Promise<void> => {
  const png = await page.screenshot();
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([VIEWPORT.width, VIEWPORT.height]);
  expect(png.byteLength).toBeGreaterThan(20_000); // a rendered page, not a blank one
  if (process.env['UPDATE_SCREENSHOTS'] === '1') {
    mkdirSync(DOCS_IMAGES, { recursive: true });
    writeFileSync(join(DOCS_IMAGES, name), png);
  }
};

/** Sets the trace filter form's fields, as typing does. */
const setFilters = (page: Page, values: Record<string, string>): Promise<void> =>
  page.evaluate(`(() => { const f = document.getElementById('trace-filters');
    for (const [name, value] of Object.entries(${JSON.stringify(values)})) f.elements[name].value = value;
    f.dispatchEvent(new Event('input', { bubbles: true })); })()`);

/** Whether a uPlot canvas has drawn pixels in its left axis strip and in its plot area. */
const canvasInked = (card: string) => `(() => {
  const canvas = document.querySelector(${JSON.stringify(`${card} canvas`)});
  if (!canvas || canvas.width < 100) return false;
  const ctx = canvas.getContext('2d');
  const inked = (x, y, w, h) => {
    const px = ctx.getImageData(x, y, w, h).data;
    let n = 0;
    for (let i = 3; i < px.length; i += 4) if (px[i] > 0) n++;
    return n;
  };
  const h = canvas.height;
  return { axis: inked(0, 0, 50, h - 40), plot: inked(80, 10, canvas.width - 90, h - 60), xAxis: inked(80, h - 40, canvas.width - 90, 40) };
})()`;

describe.skipIf(chromium.path === undefined)('the dev collector web page, in headless Chromium', () => {
  it('a span panel shows the exception event with its stack; errors show without hovering', async () => {
    const failing = collector.store
      .traces()
      .find((t) => t.service === 'shop-api' && t.spans.some((s) => s.status === 'error'));
    const page = await open('#traces');
    await page.click(`#trace-list li.has-error[data-key="${failing?.traceId}"]`);
    // The failing span says so in its row: a mark and the status message, no tooltip needed.
    const row = await page.waitFor<string>(
      `document.querySelector('#trace-view .row .err-mark')?.closest('.row').innerText`,
      'the error span in the waterfall',
    );
    expect(row).toContain('GET /error');
    await page.click('#trace-view .row .err-mark');
    const panel = await page.waitFor<{ title: string; exception: string; stack: string; status: string }>(
      `(() => { const p = document.getElementById('span-panel');
        const e = p.querySelector('.event.exception');
        return !p.hidden && e && { title: p.querySelector('h3').innerText, exception: e.innerText,
          stack: e.querySelector('pre')?.innerText ?? '', status: p.innerText }; })()`,
      'the span panel with an exception event',
    );
    expect(panel.title).toContain('GET /error');
    expect(panel.exception).toContain('Error: Simulated error');
    expect(panel.stack).toMatch(/^Error: Simulated error\n\s+at /);
    expect(panel.status).toContain('status ERROR');
    expect(panel.status).toContain('http.route');
    expect(panel.status).toContain('service.name');
    await keepScreenshot(page, 'dev-collector.png');
  });

  it('the error-only filter leaves only failing traces, newest first', async () => {
    const failing = collector.store
      .traces()
      .filter((t) => t.spans.some((s) => s.status === 'error'))
      .map((t) => t.traceId);
    expect(failing.length).toBeGreaterThanOrEqual(4); // three /error requests, one failed job
    expect(failing.length).toBeLessThan(collector.store.traces().length);
    const page = await open('#traces');
    await page.waitFor(
      `document.querySelectorAll('#trace-list li').length === ${collector.store.traces().length}`,
      'every trace listed',
    );
    await page.click('#trace-filters input[name="errors"]');
    const listed = await page.waitFor<string[]>(
      `(() => { const ids = [...document.querySelectorAll('#trace-list li')].map((li) => li.dataset.key);
        return ids.length === ${failing.length} && ids; })()`,
      'only the failing traces',
    );
    expect(listed).toEqual(failing);
    await page.click('#trace-list li');
    await page.waitFor(`document.querySelector('#trace-view .row .err-mark')`, 'the first failing trace');
    await keepScreenshot(page, 'dev-collector-errors.png');
    await setFilters(page, { service: 'job-worker' });
    await page.waitFor(
      `document.querySelectorAll('#trace-list li').length === 1 && document.querySelector('#trace-list li').innerText.includes('job-worker')`,
      'the failed job only',
    );
  });

  it('filters by span name, attribute key=value and minimum duration, and looks a trace up by id prefix', async () => {
    const traces = collector.store.traces();
    const listedFor = async (page: Page, filters: Record<string, string>, expected: string[]) => {
      await setFilters(page, filters);
      return page.waitFor<string[]>(
        `(() => { const ids = [...document.querySelectorAll('#trace-list li')].map((li) => li.dataset.key);
          return ids.join() === ${JSON.stringify(expected.join())} && ids; })()`,
        `the traces matching ${JSON.stringify(filters)}`,
      );
    };
    const page = await open('#traces');
    const users = traces.filter((t) => t.spans.some((s) => s.attributes['http.route'] === '/api/users'));
    expect(users).toHaveLength(3);
    expect(
      await listedFor(
        page,
        { attr: 'http.route=/api/users' },
        users.map((t) => t.traceId),
      ),
    ).toHaveLength(3);
    const queries = traces.filter((t) => t.spans.some((s) => s.name.includes('database.query')));
    await listedFor(
      page,
      { attr: '', name: 'DATABASE.query' },
      queries.map((t) => t.traceId),
    );
    // The users handler sleeps 50 ms; the other requests take a few.
    const slow = traces.filter((t) => t.durationMs >= 45);
    expect(slow.length).toBeGreaterThan(0);
    await listedFor(
      page,
      { name: '', minMs: '45' },
      slow.map((t) => t.traceId),
    );
    const wanted = traces[traces.length - 1]?.traceId as string;
    await setFilters(page, { minMs: '', traceId: wanted.slice(0, 10) });
    const opened = await page.waitFor<string>(
      `location.hash === '#trace=${wanted}' && document.querySelector('#trace-view .trace-title code')?.innerText`,
      'the looked-up trace, opened',
    );
    expect(opened).toBe(wanted);
  });

  it('draws a histogram as bucket bars and a counter as a time series, with axes and units', async () => {
    const page = await open('#metrics');
    const histogram = '.metric-card[data-metric="http.server.request.duration"]';
    const counter = '.metric-card[data-metric="http.requests.total"]';
    const hist = await page.waitFor<{ axis: number; plot: number; xAxis: number }>(
      canvasInked(histogram),
      'the histogram chart',
    );
    const series = await page.waitFor<{ axis: number; plot: number; xAxis: number }>(
      canvasInked(counter),
      'the counter chart',
    );
    for (const inked of [hist, series]) {
      expect(inked.axis).toBeGreaterThan(0);
      expect(inked.xAxis).toBeGreaterThan(0);
      expect(inked.plot).toBeGreaterThan(0);
    }
    const stats = await page.evaluate<string>(`document.querySelector('${histogram} .m-stats').innerText`);
    expect(stats).toMatch(/^count \d+ · sum [\d.]+ s · p50 ≈ [\d.e-]+ s · p99 ≈ [\d.e-]+ s/);
    const meta = await page.evaluate<string>(`document.querySelector('${counter} .m-meta').innerText`);
    expect(meta).toContain('counter (sum) · cumulative');
    // One line per attribute set (route and status), each with the three exports' points.
    const lines = await page.evaluate<string[]>(
      `[...document.querySelectorAll('${counter} .u-legend .u-series')].slice(1).map((e) => e.innerText)`,
    );
    expect(lines.some((l) => l.includes('/error'))).toBe(true);
    const points = collector.store
      .series()
      .filter((s) => s.service === 'shop-api' && s.name === 'http.requests.total')
      .map((s) => s.points.length);
    expect(Math.max(...points)).toBeGreaterThanOrEqual(3);
    await page.click(histogram);
    await keepScreenshot(page, 'dev-collector-metrics.png');
  });

  it("clicking a log's trace id opens its trace, on the span that wrote it, which lists its logs", async () => {
    const log = collector.store.logs.find((l) => l.body === 'job failed');
    expect(log?.traceId).toMatch(/^[0-9a-f]{32}$/);
    const page = await open('#logs');
    // Severity text is as sent ('error' from the pino bridge, 'ERROR' from the client): both are errors.
    const errors = collector.store.logs.filter((l) => /^(error|fatal)/i.test(l.severity)).length;
    expect(errors).toBeGreaterThanOrEqual(4);
    await page.evaluate(`(() => { const f = document.getElementById('log-filters');
      f.elements.severity.value = 'ERROR'; f.dispatchEvent(new Event('input', { bubbles: true })); })()`);
    await page.waitFor(
      `document.querySelectorAll('#log-table tbody tr').length === ${errors}`,
      'only the error logs',
    );
    await page.click(`#log-table .trace-link[data-trace-id="${log?.traceId}"]`);
    const opened = await page.waitFor<{ hash: string; title: string; panel: string }>(
      `(() => { const p = document.getElementById('span-panel');
        return !document.getElementById('tab-traces').hidden && !p.hidden && {
          hash: location.hash, title: document.querySelector('#trace-view .trace-title').innerText, panel: p.innerText }; })()`,
      'the trace of the log',
    );
    expect(opened.hash).toBe(`#trace=${log?.traceId}&span=${log?.spanId}`);
    expect(opened.title).toContain(log?.traceId);
    expect(opened.panel).toMatch(/Logs in this span \(\d+\)[\s\S]*job failed/);
    await keepScreenshot(page, 'dev-collector-log-trace.png');
  });

  it("a span's link opens the linked trace", async () => {
    const page = await open(`#trace=${LINKING.traceId}&span=${LINKING.spanId}`);
    const link = await page.waitFor<string>(
      `document.querySelector('#span-panel li button')?.innerText`,
      'the link in the span panel',
    );
    const [traceId, spanId] = link.split(' / ');
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    await page.click('#span-panel li button');
    await page.waitFor(
      `location.hash === '#trace=${traceId}&span=${spanId}' &&
        document.querySelector('#trace-view .trace-title code')?.innerText === '${traceId}'`,
      'the linked trace',
    );
  });

  it('an exemplar on a metric point links to its trace (the middleware’s request duration carries them)', async () => {
    const page = await open('#metrics');
    const exemplar = '.metric-card[data-metric="http.server.request.duration"] .exemplars button';
    const traceId = await page.waitFor<string>(
      `document.querySelector('${exemplar}')?.dataset.traceId`,
      'the exemplar link',
    );
    await page.click(exemplar);
    const title = await page.waitFor<string>(
      `!document.getElementById('tab-traces').hidden && document.querySelector('#trace-view .trace-title')?.innerText`,
      'the exemplar trace',
    );
    expect(title).toContain(traceId);
  });

  it('new data appears in place: the open span panel and listed traces stay; Pause holds updates', async () => {
    const page = await open('#traces');
    await page.click('#trace-list li');
    await page.click('#trace-view .row');
    await page.waitFor(`!document.getElementById('span-panel').hidden`, 'the span panel');
    const before = collector.store.traces().length;
    // Scroll the list a little and remember which trace is at the top of the pane, and where.
    await page.evaluate(`(() => { const pane = document.querySelector('.trace-list-pane');
      pane.scrollTop = 150;
      const top = pane.getBoundingClientRect().top + 30;
      const item = document.elementFromPoint(pane.getBoundingClientRect().left + 60, top).closest('li');
      window.kept = { panel: document.querySelector('#span-panel h3'), item, y: item.getBoundingClientRect().top }; })()`);
    const send = async (name: string) => {
      const client = clientFor('live-test');
      client.span(name, SpanKind.SERVER, () => undefined);
      await client.shutdown(AMPLE_MS);
    };
    await send('first live span');
    const after = await page.waitFor<boolean>(
      `document.querySelectorAll('#trace-list li').length === ${before + 1} &&
        document.querySelector('#trace-list li').innerText.includes('first live span')`,
      'the new trace at the top of the list',
    );
    expect(after).toBe(true);
    const kept = await page.evaluate<[boolean, boolean, number]>(
      `[window.kept.panel === document.querySelector('#span-panel h3'), window.kept.item.isConnected,
        Math.abs(window.kept.item.getBoundingClientRect().top - window.kept.y)]`,
    );
    // The same nodes; the trace the user looked at has not moved (a new row above would push it ~50 px).
    expect(kept.slice(0, 2)).toEqual([true, true]);
    expect(kept[2]).toBeLessThan(2);

    await page.click('#pause');
    expect(await page.evaluate<string>(`document.getElementById('pause').innerText`)).toBe('Resume');
    await send('second live span');
    expect(collector.store.traces()).toHaveLength(before + 2);
    // A negative check: more than one poll interval passes and the page still shows the old list.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(await page.evaluate<number>(`document.querySelectorAll('#trace-list li').length`)).toBe(
      before + 1,
    );
    await page.click('#pause');
    await page.waitFor(
      `document.querySelectorAll('#trace-list li').length === ${before + 2}`,
      'the held trace after Resume',
    );
  });
});

describe.skipIf(chromium.path === undefined)('a bounded collector, in headless Chromium', () => {
  let small: DevCollector;
  beforeAll(async () => {
    small = await startDevCollector({ grpcPort: 0, httpPort: 0, webPort: 0, maxItems: 3 });
  });
  afterAll(() => small?.close());

  it('says how much older data it evicted', async () => {
    const client = new TelemetryFlowBuilder({})
      .withApiKey('tfk_web', 'tfs_web')
      .withEndpoint(small.grpcAddress)
      .withInsecure()
      .withService('busy')
      .withExporter(createTransport)
      .build()
      .initialize();
    for (let i = 0; i < 5; i++)
      client.span(`request ${i}`, SpanKind.SERVER, () => client.logInfo(`log ${i}`));
    await client.shutdown(AMPLE_MS);
    expect(small.store.evicted).toMatchObject({ spans: 2, logs: 2 });
    const page = await (browser as Browser).open(`${small.webUrl as string}/#traces`, VIEWPORT);
    pages.push(page);
    const note = await page.waitFor<string>(
      `!document.getElementById('evicted').hidden && document.getElementById('evicted').innerText`,
      'the eviction note',
    );
    expect(note).toBe(
      'older data evicted: 2 spans, 2 logs (the collector keeps the last 3 of each, 120 points per series)',
    );
    expect(await page.evaluate<number>(`document.querySelectorAll('#trace-list li').length`)).toBe(3);
  });
});
