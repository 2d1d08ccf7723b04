import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { AMPLE_MS, baseUrlOf, closeServer, serverSpans, waitFor } from '@telemetryflow-internal/test-utils';
import type { InMemoryTransport } from '@telemetryflow-internal/test-utils';
import type { TelemetryFlowClient } from '@telemetryflow/client';
import { expressMiddleware } from '@telemetryflow/middleware-express';
import express from 'express';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { instrumentHttpClient } from '../src/index.js';
import type { HttpClientInstrumentation } from '../src/index.js';
import { startUpstream, testClient, waitForClientSpans } from './support.js';
import type { Upstream } from './support.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN_ID = '00f067aa0ba902b7';
const TRACEPARENT = `00-${TRACE_ID}-${CALLER_SPAN_ID}-01`;

/** The parent id of a received `traceparent`. */
const parentIdOf = (traceparent: unknown): string | undefined =>
  typeof traceparent === 'string' ? traceparent.split('-')[2] : undefined;

// W3C Trace Context: a vendor "MAY mutate the value of this header before passing it to outgoing
// requests": "Update parent-id ... to the new value representing the ID of the current operation" —
// here the CLIENT span of each onward request.
describe('an Express service calling three services with fetch', () => {
  let client: TelemetryFlowClient;
  let transport: InMemoryTransport;
  let instrumentation: HttpClientInstrumentation;
  let upstream: Upstream;
  let service: Server;
  let serviceUrl: string;

  beforeEach(async () => {
    ({ client, transport } = testClient());
    upstream = await startUpstream();
    const app = express();
    app.use(expressMiddleware(client));
    app.get('/checkout', async (_req, res) => {
      const calls = ['/stock', '/payment', '/shipping'].map(async (path) => {
        const response = await fetch(`${upstream.url}${path}`);
        await response.json();
      });
      await Promise.all(calls);
      res.json({ ok: true });
    });
    service = createServer(app).listen(0, '127.0.0.1');
    serviceUrl = await baseUrlOf(service);
    // The test's own request to the service carries the caller's traceparent, untouched.
    instrumentation = instrumentHttpClient(client, { ignoreOutgoingUrls: [serviceUrl] });
  });

  afterEach(async () => {
    instrumentation.disable();
    await closeServer(service);
    await upstream.close();
    await client.shutdown(AMPLE_MS);
  });

  const checkout = async (headers: Record<string, string>): Promise<void> => {
    const response = await fetch(`${serviceUrl}/checkout`, { headers });
    expect(response.status).toBe(200);
    await response.json();
  };

  it('sends three different parent ids, each the id of a CLIENT span of the same trace', async () => {
    await checkout({ traceparent: TRACEPARENT });

    const received = upstream.received.map((r) => r.headers['traceparent']);
    expect(received).toHaveLength(3);
    const parentIds = received.map(parentIdOf);
    expect(new Set(parentIds).size).toBe(3);
    for (const traceparent of received)
      expect(traceparent).toMatch(new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-01$`));

    const clientSpans = await waitForClientSpans(transport, 3);
    await waitFor(() => serverSpans(transport).length >= 1, 'the SERVER span');
    const [server] = serverSpans(transport);
    expect(server).toMatchObject({ name: 'GET /checkout', traceId: TRACE_ID, parentSpanId: CALLER_SPAN_ID });
    expect(clientSpans.map((s) => s['spanId']).sort()).toEqual([...parentIds].sort());
    for (const span of clientSpans) {
      expect(span).toMatchObject({
        kind: 'SPAN_KIND_CLIENT',
        traceId: TRACE_ID,
        parentSpanId: server?.['spanId'],
      });
    }
    expect(parentIds).not.toContain(server?.['spanId']);
  });

  it('passes a valid tracestate on to every onward call and drops an invalid one', async () => {
    await checkout({ traceparent: TRACEPARENT, tracestate: 'rojo=00f067aa0ba902b7, congo=t61rcWkgMzE' });
    expect(upstream.received.map((r) => r.headers['tracestate'])).toEqual(
      Array(3).fill('rojo=00f067aa0ba902b7,congo=t61rcWkgMzE'),
    );

    upstream.received.length = 0;
    // "Only one entry per key is allowed": the header is discarded, the trace continues.
    await checkout({ traceparent: TRACEPARENT, tracestate: 'rojo=1,rojo=2' });
    expect(upstream.received).toHaveLength(3);
    for (const { headers } of upstream.received) {
      expect(headers['traceparent']).toMatch(new RegExp(`^00-${TRACE_ID}-`));
      expect(headers).not.toHaveProperty('tracestate');
    }
  });
});
