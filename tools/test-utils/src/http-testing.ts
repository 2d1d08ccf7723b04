import { request } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { InMemoryTransport } from './in-memory-transport.js';
import { anyValue, attributes } from './otlp-views.js';

// Helpers for tests of HTTP servers instrumented with the SDK (the middleware packages).

type Obj = Record<string, unknown>;

/** Waits until `server` listens on an ephemeral loopback port; returns its base URL. */
export const baseUrlOf = async (server: Server): Promise<string> => {
  if (!server.listening) await new Promise((resolve) => server.once('listening', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

export const closeServer = (server: Server): Promise<void> =>
  new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });

/** A W3C `traceparent` with ids derived from `n`, distinct for every `n`. */
export const traceparentFor = (n: number): { traceId: string; parentId: string; header: string } => {
  // Zero-padded under a fixed first digit: padding with a hex digit would repeat ids (n = 0 and 160).
  const traceId = `a${(n + 1).toString(16).padStart(31, '0')}`;
  const parentId = `b${(n + 1).toString(16).padStart(15, '0')}`;
  return { traceId, parentId, header: `00-${traceId}-${parentId}-01` };
};

/** The spans received, with their attributes flattened. */
export const receivedSpans = (transport: InMemoryTransport): (Obj & { attrs: Obj })[] =>
  transport.spans().map(({ item }) => ({ ...item, attrs: attributes(item['attributes']) }));

export const serverSpans = (transport: InMemoryTransport) =>
  receivedSpans(transport).filter((s) => s['kind'] === 'SPAN_KIND_SERVER');

export const receivedLogs = (transport: InMemoryTransport): (Obj & { attrs: Obj; message: unknown })[] =>
  transport
    .logs()
    .map(({ item }) => ({ ...item, attrs: attributes(item['attributes']), message: anyValue(item['body']) }));

export interface Point {
  readonly attrs: Obj;
  /** Counter value or histogram count. */
  readonly value: number;
}

/**
 * The final data points of a metric. Metrics are cumulative, so each export repeats every series:
 * the largest value of each series is its total.
 */
export const metricPoints = (transport: InMemoryTransport, name: string): Point[] => {
  const series = new Map<string, Point>();
  for (const { item } of transport.metrics()) {
    if (item['name'] !== name) continue;
    const data = (item['sum'] ?? item['histogram']) as { dataPoints?: Obj[] } | undefined;
    for (const point of data?.dataPoints ?? []) {
      const attrs = attributes(point['attributes']);
      const value = Number(point['asDouble'] ?? point['asInt'] ?? point['count']);
      const key = JSON.stringify(Object.entries(attrs).sort());
      if ((series.get(key)?.value ?? -1) < value) series.set(key, { attrs, value });
    }
  }
  return [...series.values()];
};

export const unitOf = (transport: InMemoryTransport, name: string): unknown =>
  transport.metrics().find(({ item }) => item['name'] === name)?.item['unit'];

export const total = (points: readonly Point[]): number => points.reduce((sum, p) => sum + p.value, 0);

export const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** POSTs a JSON body in two chunks, the second after a pause, so the body arrives in two reads. */
export const postInChunks = (url: string, body: string): Promise<{ status: number; text: string }> =>
  new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    const half = Math.floor(body.length / 2);
    req.write(body.slice(0, half));
    setTimeout(() => req.end(body.slice(half)), 20);
  });
