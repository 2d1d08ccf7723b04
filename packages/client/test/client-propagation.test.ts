import { attributes } from '@telemetryflow-internal/test-utils';
import { describe, expect, it } from 'vitest';
import { SpanKind } from '../src/index.js';
import { makeClient } from './helpers.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_ID = '00f067aa0ba902b7';

describe('TelemetryFlowClient trace context and span shaping', () => {
  it('continues an incoming W3C trace, as a server span whose parent is the caller', async () => {
    const { client, transport } = makeClient();
    client.initialize();
    const headers = { traceparent: `00-${TRACE_ID}-${PARENT_ID}-01`, tracestate: 'vendor=x' };
    const outgoing: Record<string, string> = {};
    client.withTraceContext(headers, () =>
      client.span('GET /orders/:id', SpanKind.SERVER, (id) => {
        client.injectTraceContext(outgoing);
        expect(outgoing['traceparent']).toBe(`00-${TRACE_ID}-${id}-01`);
      }),
    );
    await client.shutdown(5_000);
    expect(transport.spans()[0]?.item).toMatchObject({
      traceId: TRACE_ID,
      parentSpanId: PARENT_ID,
      traceState: 'vendor=x',
      kind: 'SPAN_KIND_SERVER',
    });
  });

  it('starts a new trace when the incoming headers are missing or malformed, and takes the first of repeated ones', async () => {
    const { client, transport } = makeClient();
    client.initialize();
    client.withTraceContext({ traceparent: 'garbage' }, () => client.span('a', () => undefined));
    client.withTraceContext({}, () => client.span('b', () => undefined));
    client.withTraceContext({ traceparent: [`00-${TRACE_ID}-${PARENT_ID}-01`, 'other'] }, () =>
      client.span('c', () => undefined),
    );
    await client.shutdown(5_000);
    const spans = Object.fromEntries(transport.spans().map((s) => [s.item['name'] as string, s.item]));
    expect(spans['a']?.['parentSpanId']).toBeUndefined();
    expect(spans['a']?.['traceId']).not.toBe(TRACE_ID);
    expect(spans['b']?.['parentSpanId']).toBeUndefined();
    expect(spans['c']).toMatchObject({ traceId: TRACE_ID, parentSpanId: PARENT_ID });
  });

  it('gives each onward call its own parent id when each injectTraceContext runs in its own CLIENT span', async () => {
    const { client, transport } = makeClient();
    client.initialize();
    const sent: Record<string, string>[] = [];
    client.withTraceContext({ traceparent: `00-${TRACE_ID}-${PARENT_ID}-01` }, () =>
      client.span('GET /checkout', SpanKind.SERVER, () => {
        for (const service of ['stock', 'payment', 'shipping']) {
          client.span(`GET ${service}`, SpanKind.CLIENT, () => {
            const headers: Record<string, string> = {};
            client.injectTraceContext(headers);
            sent.push(headers);
          });
        }
      }),
    );
    await client.shutdown(5_000);
    const clientSpans = transport.spans().filter((s) => s.item['kind'] === 'SPAN_KIND_CLIENT');
    const parentIds = sent.map((h) => h['traceparent']?.split('-')[2]);
    expect(new Set(parentIds).size).toBe(3);
    expect(parentIds.sort()).toEqual(clientSpans.map((s) => s.item['spanId']).sort());
    expect(sent.every((h) => h['traceparent']?.startsWith(`00-${TRACE_ID}-`))).toBe(true);
  });

  it('passes a valid tracestate on and discards an invalid one whole, keeping the trace', () => {
    const { client } = makeClient();
    client.initialize();
    const onward = (tracestate: string | string[]): Record<string, string> => {
      const headers: Record<string, string> = {};
      client.withTraceContext({ traceparent: `00-${TRACE_ID}-${PARENT_ID}-01`, tracestate }, () =>
        client.span('handler', SpanKind.SERVER, () => client.injectTraceContext(headers)),
      );
      return headers;
    };
    expect(onward(['rojo=1', ' congo=2 '])['tracestate']).toBe('rojo=1,congo=2');
    const invalid = onward('rojo=1,rojo=2');
    expect(invalid['traceparent']?.startsWith(`00-${TRACE_ID}-`)).toBe(true);
    expect(invalid).not.toHaveProperty('tracestate');
  });

  it('renames a span, adds attributes and keeps an explicit status at end', async () => {
    const { client, transport } = makeClient();
    client.initialize();
    const notFound = client.startSpan('GET', SpanKind.SERVER);
    client.updateSpanName(notFound, 'GET /users/:id');
    client.setSpanAttributes(notFound, { 'http.response.status_code': 404 });
    client.setSpanStatus(notFound, 'unset');
    client.endSpan(notFound);
    const failing = client.startSpan('POST /pay', SpanKind.SERVER);
    client.setSpanStatus(failing, 'error', 'HTTP 503');
    client.endSpan(failing);
    await client.shutdown(5_000);
    const [first, second] = transport.spans().map((s) => s.item);
    expect(first).toMatchObject({ name: 'GET /users/:id', status: { code: 'STATUS_CODE_UNSET' } });
    expect(attributes(first?.['attributes'])).toEqual({ 'http.response.status_code': 404 });
    expect(second).toMatchObject({ status: { code: 'STATUS_CODE_ERROR', message: 'HTTP 503' } });
  });

  it('injects nothing outside a span', () => {
    const { client } = makeClient();
    const headers: Record<string, string> = {};
    client.injectTraceContext(headers);
    expect(headers).toEqual({});
  });
});

describe('withActiveSpan', () => {
  it('makes a started span the parent of what runs inside, without ending it', async () => {
    const { client, transport } = makeClient();
    client.initialize();
    const parent = client.startSpan('job', SpanKind.CONSUMER);
    const result = await client.withActiveSpan(parent, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      client.span('step', () => undefined);
      client.logInfo('inside');
      return 'ok';
    });
    expect(result).toBe('ok');
    expect(client.withActiveSpan('', () => 'ran')).toBe('ran');
    client.endSpan(parent);
    await client.shutdown(5_000);
    const step = transport.spans().find((s) => s.item['name'] === 'step')?.item;
    expect(step?.['parentSpanId']).toBe(parent);
    expect(transport.logs()[0]?.item['spanId']).toBe(parent);
    expect(transport.spans().map((s) => s.item['name'])).toEqual(['step', 'job']);
  });
});

describe('the context a span runs in', () => {
  it('span() runs fn in the caller’s context with the new span set; withActiveSpan in the context at its call', async () => {
    const { client, transport } = makeClient();
    client.initialize();
    // span() reuses the context its span started in (issue #22): that is the caller's, baggage and parent.
    const seen = client.span('outer', (outer) =>
      client.withBaggage({ tenant: 'acme' }, () =>
        client.span('inner', () => ({ baggage: client.getBaggage(), outer })),
      ),
    );
    expect(seen.baggage).toEqual({ tenant: 'acme' });
    // A span started in one context and made active later runs in the later one.
    const job = client.withBaggage({ step: 'start' }, () => client.startSpan('job'));
    expect(client.withActiveSpan(job, () => client.getBaggage())).toEqual({});
    client.withBaggage({ step: 'run' }, () =>
      client.withActiveSpan(job, () => expect(client.getBaggage()).toEqual({ step: 'run' })),
    );
    client.endSpan(job);
    await client.shutdown(5_000);
    const inner = transport.spans().find((s) => s.item['name'] === 'inner')?.item;
    expect(inner?.['parentSpanId']).toBe(seen.outer);
  });

  it('span() takes (name, fn), (name, kind, fn) and (name, kind, attributes, fn), and refuses no callback', async () => {
    const { client, transport } = makeClient();
    client.initialize();
    expect(client.span('plain', (id) => id)).toMatch(/^[0-9a-f]{16}$/);
    expect(client.span('kinded', SpanKind.CLIENT, () => 'k')).toBe('k');
    expect(client.span('full', SpanKind.PRODUCER, { queue: 'orders' }, () => 'f')).toBe('f');
    expect(client.span('no attributes', SpanKind.CONSUMER, undefined, () => 'u')).toBe('u');
    expect(() =>
      (client.span as unknown as (name: string, kind: SpanKind) => unknown)('none', SpanKind.SERVER),
    ).toThrow(TypeError);
    await client.shutdown(5_000);
    const byName = new Map(transport.spans().map((s) => [s.item['name'], s.item]));
    expect([...byName.keys()]).toEqual(['plain', 'kinded', 'full', 'no attributes']);
    expect(byName.get('plain')?.['kind']).toBe('SPAN_KIND_INTERNAL');
    expect(byName.get('kinded')?.['kind']).toBe('SPAN_KIND_CLIENT');
    expect(byName.get('full')).toMatchObject({ kind: 'SPAN_KIND_PRODUCER' });
    expect(attributes(byName.get('full')?.['attributes'])).toMatchObject({ queue: 'orders' });
    expect(byName.get('no attributes')?.['kind']).toBe('SPAN_KIND_CONSUMER');
  });
});
