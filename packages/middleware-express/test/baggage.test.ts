import type { Server } from 'node:http';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AMPLE_MS,
  baseUrlOf,
  closeServer,
  inMemoryClient,
  serverSpans,
  waitFor,
} from '@telemetryflow-internal/test-utils';
import type { InMemoryTransport } from '@telemetryflow-internal/test-utils';
import { TelemetryFlowClient } from '@telemetryflow/client';
import type { TelemetryConfigOptions } from '@telemetryflow/client';
import { expressMiddleware } from '../src/index.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_ID = '00f067aa0ba902b7';
const INCOMING = { traceparent: `00-${TRACE_ID}-${CALLER_ID}-01`, baggage: 'tenant=acme,plan=gold' };

// The middleware hands every request header to the client, whose propagators (config.propagators)
// decide what is read: the request's baggage is the handler's, and stays out of the span.
describe('expressMiddleware and W3C baggage', () => {
  let client: TelemetryFlowClient;
  let transport: InMemoryTransport;
  let server: Server | undefined;

  const start = async (overrides: Partial<TelemetryConfigOptions> = {}): Promise<string> => {
    ({ client, transport } = inMemoryClient(TelemetryFlowClient, overrides));
    client.initialize();
    const app = express();
    app.use(expressMiddleware(client));
    app.get('/whoami', (_req, res) => {
      res.json({ baggage: client.getBaggage(), tenant: client.getBaggageEntry('tenant') ?? null });
    });
    server = app.listen(0, '127.0.0.1');
    return baseUrlOf(server);
  };

  afterEach(async () => {
    if (server !== undefined) await closeServer(server);
    server = undefined;
    await client.shutdown(AMPLE_MS);
  });

  const call = async (url: string): Promise<{ baggage: Record<string, string>; tenant: string | null }> => {
    const response = await fetch(`${url}/whoami`, { headers: INCOMING });
    expect(response.status).toBe(200);
    return (await response.json()) as { baggage: Record<string, string>; tenant: string | null };
  };

  const serverSpan = async (): Promise<Record<string, unknown> & { attrs: Record<string, unknown> }> => {
    await waitFor(() => serverSpans(transport).length >= 1, 'the SERVER span');
    return serverSpans(transport)[0] as Record<string, unknown> & { attrs: Record<string, unknown> };
  };

  it('the handler reads the caller’s baggage; the span continues the trace without baggage attributes', async () => {
    const body = await call(await start());
    expect(body).toEqual({ baggage: { tenant: 'acme', plan: 'gold' }, tenant: 'acme' });
    const span = await serverSpan();
    expect(span).toMatchObject({ traceId: TRACE_ID, parentSpanId: CALLER_ID });
    const values = Object.values(span.attrs).map(String);
    expect(Object.keys(span.attrs).filter((k) => /tenant|plan|baggage/.test(k))).toEqual([]);
    expect(values).not.toContain('acme');
    expect(values).not.toContain('gold');
  });

  it("propagators ['tracecontext']: the baggage header is not read, the trace continues", async () => {
    expect(await call(await start({ propagators: ['tracecontext'] }))).toEqual({ baggage: {}, tenant: null });
    expect(await serverSpan()).toMatchObject({ traceId: TRACE_ID, parentSpanId: CALLER_ID });
  });

  it('propagators []: neither baggage nor trace context is read', async () => {
    expect(await call(await start({ propagators: [] }))).toEqual({ baggage: {}, tenant: null });
    const span = await serverSpan();
    expect(span['traceId']).not.toBe(TRACE_ID);
    expect(span['parentSpanId']).toBeUndefined();
  });
});
