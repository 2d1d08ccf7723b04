import diagnosticsChannel from 'node:diagnostics_channel';
import http, { get as namedGet } from 'node:http';
import https from 'node:https';
import { AMPLE_MS, InMemoryTransport, metricPoints } from '@telemetryflow-internal/test-utils';
import { startHttpReceiver } from '@telemetryflow-internal/test-utils/http-receiver';
import type { ExportTransport } from '@telemetryflow/client';
import { SpanKind, TelemetryFlowBuilder, TelemetryFlowClient } from '@telemetryflow/client';
import { createTransport as httpTransport } from '@telemetryflow/infrastructure-http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { instrumentHttpClient } from '../src/index.js';
import type { HttpClientInstrumentation } from '../src/index.js';
import {
  clientSpans,
  closedPort,
  durationPoints,
  readBody,
  startTlsUpstream,
  startUpstream,
  statusOf,
  testClient,
  traceparentOf,
  waitForClientSpans,
} from './support.js';
import type { Upstream } from './support.js';

let upstream: Upstream;
let instrumentation: HttpClientInstrumentation | undefined;
const originalRequest = http.request;

beforeEach(async () => {
  upstream = await startUpstream();
});

afterEach(async () => {
  instrumentation?.disable();
  instrumentation = undefined;
  await upstream.close();
});

/** `http.get` to the end of the body, as the application would. */
const httpGet = (url: string, options: http.RequestOptions = {}): Promise<{ status: number; body: string }> =>
  new Promise((resolve, reject) => {
    const req = http.get(url, options, (res) => {
      readBody(res).then((body) => resolve({ status: res.statusCode ?? 0, body }), reject);
    });
    req.on('error', reject);
  });

describe('fetch', () => {
  it('records a CLIENT span, child of the active span, and sends its context as traceparent', async () => {
    const { client, transport } = testClient();
    instrumentation = instrumentHttpClient(client);
    const parentId = await client.span('checkout', async (spanId) => {
      const response = await fetch(`${upstream.url}/users/42?sig=s3cr3t&page=2`);
      await response.json();
      return spanId;
    });

    const [span] = await waitForClientSpans(transport, 1);
    expect(span).toMatchObject({ name: 'GET', kind: 'SPAN_KIND_CLIENT', parentSpanId: parentId });
    expect(span?.attrs).toMatchObject({
      'http.request.method': 'GET',
      'server.address': '127.0.0.1',
      'server.port': Number(new URL(upstream.url).port),
      'url.full': `${upstream.url}/users/42?sig=REDACTED&page=2`,
      'http.response.status_code': 200,
    });
    expect(span?.attrs).not.toHaveProperty('error.type');
    expect(statusOf(span)).toBe('STATUS_CODE_UNSET');
    expect(upstream.received[0]?.headers['traceparent']).toBe(traceparentOf(span!));

    const [point] = await durationPoints(client, transport);
    expect(point?.value).toBe(1);
    expect(point?.attrs).toEqual({
      'http.request.method': 'GET',
      'server.address': '127.0.0.1',
      'server.port': Number(new URL(upstream.url).port),
      'http.response.status_code': 200,
    });
  });

  it('replaces a traceparent the caller set instead of sending two', async () => {
    const { client, transport } = testClient();
    instrumentation = instrumentHttpClient(client);
    const stale = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    await client.span('proxying', async () => {
      await (await fetch(`${upstream.url}/`, { headers: { traceparent: stale } })).text();
    });
    const [span] = await waitForClientSpans(transport, 1);
    expect(upstream.received[0]?.headers['traceparent']).toBe(traceparentOf(span!));
    await client.shutdown(AMPLE_MS);
  });

  it('marks 4xx and 5xx answers ERROR with the status code as error.type', async () => {
    const { client, transport } = testClient();
    instrumentation = instrumentHttpClient(client);
    await (await fetch(`${upstream.url}/fail`)).text();
    await (await fetch(`${upstream.url}/missing`)).text();
    const spans = await waitForClientSpans(transport, 2);
    expect(
      spans.map((s) => [s.attrs['http.response.status_code'], s.attrs['error.type'], statusOf(s)]),
    ).toEqual([
      [500, '500', 'STATUS_CODE_ERROR'],
      [404, '404', 'STATUS_CODE_ERROR'],
    ]);
    const points = await durationPoints(client, transport);
    expect(points.map((p) => p.attrs['error.type']).sort()).toEqual(['404', '500']);
  });

  it('records a refused connection as ERROR with error.type ECONNREFUSED', async () => {
    const { client, transport } = testClient();
    instrumentation = instrumentHttpClient(client);
    const port = await closedPort();
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow('fetch failed');
    const [span] = await waitForClientSpans(transport, 1);
    expect(span?.attrs['error.type']).toBe('ECONNREFUSED');
    expect(span?.attrs).not.toHaveProperty('http.response.status_code');
    expect(statusOf(span)).toBe('STATUS_CODE_ERROR');
    const [point] = await durationPoints(client, transport);
    expect(point?.attrs['error.type']).toBe('ECONNREFUSED');
  });

  it('records a deadline (AbortSignal.timeout) as ERROR with error.type TimeoutError', async () => {
    const { client, transport } = testClient();
    instrumentation = instrumentHttpClient(client);
    await expect(fetch(`${upstream.url}/hang`, { signal: AbortSignal.timeout(100) })).rejects.toMatchObject({
      name: 'TimeoutError',
    });
    const [span] = await waitForClientSpans(transport, 1);
    expect(span?.attrs['error.type']).toBe('TimeoutError');
    expect(statusOf(span)).toBe('STATUS_CODE_ERROR');
    await client.shutdown(AMPLE_MS);
  });

  it('ends the span when the caller cancels the body, keeping the response status', async () => {
    const { client, transport } = testClient();
    instrumentation = instrumentHttpClient(client);
    const response = await fetch(`${upstream.url}/`);
    await response.body?.cancel();
    const [span] = await waitForClientSpans(transport, 1);
    expect(span?.attrs['http.response.status_code']).toBe(200);
    expect(statusOf(span)).toBe('STATUS_CODE_UNSET');
    await client.shutdown(AMPLE_MS);
  });
});

describe('node:http and node:https', () => {
  it('records http.get with its context in the headers, the protocol version and the peer', async () => {
    const { client, transport } = testClient();
    instrumentation = instrumentHttpClient(client);
    const parentId = await client.span('report', async (spanId) => {
      await httpGet(`${upstream.url}/report?X-Goog-Signature=abc`);
      return spanId;
    });
    const [span] = await waitForClientSpans(transport, 1);
    expect(span).toMatchObject({ name: 'GET', parentSpanId: parentId });
    expect(span?.attrs).toMatchObject({
      'url.full': `${upstream.url}/report?X-Goog-Signature=REDACTED`,
      'http.response.status_code': 200,
      'network.protocol.version': '1.1',
      'network.peer.address': '127.0.0.1',
    });
    expect(upstream.received[0]?.headers['traceparent']).toBe(traceparentOf(span!));
    const [point] = await durationPoints(client, transport);
    expect(point?.attrs).toMatchObject({
      'http.response.status_code': 200,
      'network.protocol.version': '1.1',
    });
  });

  it('records https.request to a server with a self-signed certificate', async () => {
    const tls = await startTlsUpstream();
    try {
      const { client, transport } = testClient();
      instrumentation = instrumentHttpClient(client);
      const status = await client.span(
        'secure',
        () =>
          new Promise<number>((resolve, reject) => {
            const req = https.request(`${tls.url}/secure`, { method: 'POST', ca: tls.ca }, (res) => {
              readBody(res).then(() => resolve(res.statusCode ?? 0), reject);
            });
            req.on('error', reject);
            req.end('{}');
          }),
      );
      expect(status).toBe(200);
      const [span] = await waitForClientSpans(transport, 1);
      expect(span).toMatchObject({ name: 'POST' });
      expect(span?.attrs).toMatchObject({
        'url.full': `${tls.url}/secure`,
        'server.port': Number(new URL(tls.url).port),
      });
      expect(tls.received[0]?.headers['traceparent']).toBe(traceparentOf(span!));
      await client.shutdown(AMPLE_MS);
    } finally {
      await tls.close();
    }
  });

  it('instruments the live ESM binding of `import { get } from "node:http"`', async () => {
    const { client, transport } = testClient();
    instrumentation = instrumentHttpClient(client);
    await new Promise<void>((resolve, reject) => {
      namedGet(`${upstream.url}/named`, (res) => void readBody(res).then(() => resolve(), reject)).on(
        'error',
        reject,
      );
    });
    const [span] = await waitForClientSpans(transport, 1);
    expect(upstream.received[0]?.headers['traceparent']).toBe(traceparentOf(span!));
    await client.shutdown(AMPLE_MS);
  });

  it('takes requests from http.client.request.created (published by Node 22.12+; simulated here), once', async () => {
    const { client, transport } = testClient();
    instrumentation = instrumentHttpClient(client);
    const created = diagnosticsChannel.channel('http.client.request.created');
    const done = (req: http.ClientRequest) =>
      new Promise<void>((resolve, reject) => {
        req.on('response', (res) => void readBody(res).then(() => resolve(), reject));
        req.on('error', reject);
        req.end();
      });
    // Not through the wrapped functions: only the channel can see it.
    const direct = new http.ClientRequest(`${upstream.url}/direct`);
    created.publish({ request: direct });
    await done(direct);
    // Seen by the wrapper first, then published again: still one span.
    const wrapped = http.request(`${upstream.url}/wrapped`);
    created.publish({ request: wrapped });
    await done(wrapped);
    const spans = await waitForClientSpans(transport, 2);
    await client.shutdown(AMPLE_MS);
    expect(clientSpans(transport)).toHaveLength(2);
    expect(upstream.received.map((r) => r.headers['traceparent'])).toEqual(spans.map(traceparentOf));
  });

  it('ends the span of a response nobody reads (Node dumps it)', async () => {
    const { client, transport } = testClient();
    instrumentation = instrumentHttpClient(client);
    const req = http.get(`${upstream.url}/unread`);
    await new Promise((resolve) => req.once('close', resolve));
    const [span] = await waitForClientSpans(transport, 1);
    expect(span?.attrs['http.response.status_code']).toBe(200);
    await client.shutdown(AMPLE_MS);
  });

  it('records a request timed out by the caller as ERROR with the error it was destroyed with', async () => {
    const { client, transport } = testClient();
    instrumentation = instrumentHttpClient(client);
    const failure = await new Promise<Error>((resolve) => {
      const req = http.get(`${upstream.url}/hang`, { timeout: 100 });
      req.on('timeout', () =>
        req.destroy(Object.assign(new Error('deadline exceeded'), { code: 'ETIMEDOUT' })),
      );
      req.on('error', resolve);
    });
    expect(failure.message).toBe('deadline exceeded');
    const [span] = await waitForClientSpans(transport, 1);
    expect(span?.attrs['error.type']).toBe('ETIMEDOUT');
    expect(statusOf(span)).toBe('STATUS_CODE_ERROR');
    await client.shutdown(AMPLE_MS);
  });

  it('records a refused connection and a 500 as ERROR', async () => {
    const { client, transport } = testClient();
    instrumentation = instrumentHttpClient(client);
    const port = await closedPort();
    await expect(httpGet(`http://127.0.0.1:${port}/`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await expect(httpGet(`${upstream.url}/fail`)).resolves.toMatchObject({ status: 500 });
    const spans = await waitForClientSpans(transport, 2);
    const byPort = (p: number) => spans.find((s) => s.attrs['server.port'] === p);
    expect(byPort(port)?.attrs['error.type']).toBe('ECONNREFUSED');
    expect(statusOf(byPort(port))).toBe('STATUS_CODE_ERROR');
    const failed = byPort(Number(new URL(upstream.url).port));
    expect(failed?.attrs).toMatchObject({ 'http.response.status_code': 500, 'error.type': '500' });
    expect(statusOf(failed)).toBe('STATUS_CODE_ERROR');
    await client.shutdown(AMPLE_MS);
  });
});

describe('options and lifecycle', () => {
  it('leaves ignored URLs alone and adds the extra attributes to the rest', async () => {
    const { client, transport } = testClient();
    instrumentation = instrumentHttpClient(client, {
      ignoreOutgoingUrls: [`${upstream.url}/health`, /\/metrics$/],
      ignoreOutgoingRequest: (request) => request.url.searchParams.has('quiet'),
      extraAttributes: (request) => ({ 'peer.service': 'users', 'app.api': request.api }),
    });
    await (await fetch(`${upstream.url}/health/live`)).text();
    await httpGet(`${upstream.url}/metrics`);
    await (await fetch(`${upstream.url}/x?quiet=1`)).text();
    await httpGet(`${upstream.url}/users`);
    const [span] = await waitForClientSpans(transport, 1);
    await client.shutdown(AMPLE_MS);
    expect(clientSpans(transport)).toHaveLength(1);
    expect(span?.attrs).toMatchObject({ 'peer.service': 'users', 'app.api': 'http' });
    expect(upstream.received.map((r) => [r.path, r.headers['traceparent'] !== undefined])).toEqual([
      ['/health/live', false],
      ['/metrics', false],
      ['/x?quiet=1', false],
      ['/users', true],
    ]);
  });

  it('stops recording and propagating on disable(), and gives node:http back its functions', async () => {
    const { client, transport } = testClient();
    const handle = instrumentHttpClient(client);
    expect(http.request).not.toBe(originalRequest);
    handle.disable();
    handle.disable();
    expect(http.request).toBe(originalRequest);
    await client.span('after', async () => {
      await (await fetch(`${upstream.url}/a`)).text();
      await httpGet(`${upstream.url}/b`);
    });
    await client.shutdown(AMPLE_MS);
    expect(clientSpans(transport)).toEqual([]);
    expect(upstream.received.every((r) => r.headers['traceparent'] === undefined)).toBe(true);
  });

  it('survives malformed messages on the channels it listens to (a subscriber that threw would crash the app)', async () => {
    const { client, transport } = testClient();
    instrumentation = instrumentHttpClient(client);
    for (const name of [
      'http.client.request.created',
      'http.client.response.finish',
      'undici:request:create',
    ]) {
      diagnosticsChannel.channel(name).publish({});
      diagnosticsChannel.channel(name).publish(undefined);
    }
    await new Promise((resolve) => setImmediate(resolve)); // where Node would rethrow a subscriber's error
    await (await fetch(`${upstream.url}/after`)).text();
    await waitForClientSpans(transport, 1);
    await client.shutdown(AMPLE_MS);
  });

  it('lets requests through untouched before the client is initialized', async () => {
    const made = testClient();
    await made.client.shutdown(AMPLE_MS);
    const idle = new TelemetryFlowClient(made.client.config, {
      transport: { send: () => Promise.resolve({ status: 'success' }) } as unknown as ExportTransport,
      onDiagnostic: () => undefined,
    });
    instrumentation = instrumentHttpClient(idle);
    await expect(httpGet(`${upstream.url}/early`)).resolves.toMatchObject({ status: 200 });
    expect((await fetch(`${upstream.url}/early`)).status).toBe(200);
    expect(upstream.received.every((r) => r.headers['traceparent'] === undefined)).toBe(true);
  });

  it('never traces, measures or propagates the calls of a custom exporter adapter', async () => {
    const hook = `${upstream.url}/export-hook`;
    const memory = new InMemoryTransport();
    const adapter: ExportTransport = {
      async send(signal, body, options) {
        await (await fetch(hook)).text();
        await httpGet(hook);
        return memory.send(signal, body, options);
      },
      shutdown: () => memory.shutdown(),
    };
    const client = new TelemetryFlowBuilder({})
      .withApiKey('tfk_test', 'tfs_test-secret')
      .withEndpoint('127.0.0.1:4317')
      .withService('frontend')
      .withDiagnostics(() => undefined)
      .withExporter(adapter)
      .build()
      .initialize();
    instrumentation = instrumentHttpClient(client);
    client.span('work', () => client.logInfo('exported through the adapter'));
    await client.flush(AMPLE_MS); // spans and logs go out through the adapter's calls
    await client.shutdown(AMPLE_MS); // then the metrics, which would hold their durations
    expect(upstream.received.length).toBeGreaterThanOrEqual(4);
    expect(upstream.received.every((r) => r.headers['traceparent'] === undefined)).toBe(true);
    expect(memory.spans().map((s) => s.item['name'])).toEqual(['work']);
    expect(metricPoints(memory, 'http.client.request.duration')).toEqual([]);
  });

  it('never traces or propagates into the SDK’s own exports', async () => {
    const receiver = await startHttpReceiver();
    try {
      const client = new TelemetryFlowBuilder({})
        .withApiKey('tfk_test', 'tfs_test-secret')
        .withEndpoint(receiver.url)
        .withService('frontend')
        .withHttp()
        .withInsecure()
        .withRetry(false)
        .withBatchSettings(50)
        .withDiagnostics(() => undefined)
        .withExporter(httpTransport)
        .build()
        .initialize();
      instrumentation = instrumentHttpClient(client);
      await client.span('work', SpanKind.SERVER, async () => {
        await (await fetch(`${upstream.url}/work`)).text();
      });
      await client.flush(AMPLE_MS);
      client.incrementCounter('after.flush');
      await client.shutdown(AMPLE_MS);
      const spans = receiver.spans().map((s) => s.item);
      expect(spans.map((s) => s['name']).sort()).toEqual(['GET', 'work']);
      expect(receiver.requests.length).toBeGreaterThan(0);
      expect(receiver.requests.every((r) => r.headers['traceparent'] === undefined)).toBe(true);
    } finally {
      await receiver.close();
    }
  });
});
