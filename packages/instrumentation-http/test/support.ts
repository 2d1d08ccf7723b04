import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import {
  AMPLE_MS,
  closeServer,
  inMemoryClient,
  metricPoints,
  receivedSpans,
  waitFor,
} from '@telemetryflow-internal/test-utils';
import type { InMemoryTransport, Point } from '@telemetryflow-internal/test-utils';
import { TelemetryFlowClient } from '@telemetryflow/client';
import { generate } from 'selfsigned';

export type Span = ReturnType<typeof receivedSpans>[number];

/** A loopback server that records the headers of each request and answers by path. */
export interface Upstream {
  readonly url: string;
  /** Headers of every request received, in order. */
  readonly received: { path: string; headers: IncomingHttpHeaders }[];
  close(): Promise<void>;
}

const answer = (req: IncomingMessage, res: ServerResponse): void => {
  const path = (req.url ?? '/').split('?')[0];
  if (path === '/hang') {
    return; // never answers: the caller's deadline ends it
  } else if (path === '/fail') {
    res.statusCode = 500;
    res.end('boom');
  } else if (path === '/missing') {
    res.statusCode = 404;
    res.end('no such thing');
  } else {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ ok: true, padding: 'x'.repeat(64 * 1024) }));
  }
};

const serve = async (server: Server, scheme: 'http' | 'https'): Promise<Upstream> => {
  const received: Upstream['received'] = [];
  server.prependListener('request', (req: IncomingMessage) =>
    received.push({ path: req.url ?? '', headers: req.headers }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => closeServer(server),
  };
};

export const startUpstream = (): Promise<Upstream> => serve(createServer(answer), 'http');

let certificate: Promise<{ cert: string; key: string }> | undefined;

/** An HTTPS upstream with a self-signed certificate for 127.0.0.1; `ca` trusts it. */
export const startTlsUpstream = async (): Promise<Upstream & { ca: string }> => {
  const { cert, key } = await (certificate ??= generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  }).then((pems) => ({ cert: pems.cert, key: pems.private })));
  return { ...(await serve(createHttpsServer({ cert, key }, answer), 'https')), ca: cert };
};

/** A port nothing listens on: bound, then closed. */
export const closedPort = async (): Promise<number> => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await closeServer(server);
  return port;
};

/** An initialized client exporting in memory. */
export const testClient = (): { client: TelemetryFlowClient; transport: InMemoryTransport } => {
  const made = inMemoryClient(TelemetryFlowClient, { serviceName: 'frontend' });
  made.client.initialize();
  return made;
};

export const clientSpans = (transport: InMemoryTransport): Span[] =>
  receivedSpans(transport).filter((s) => s['kind'] === 'SPAN_KIND_CLIENT');

/** Waits for `count` CLIENT spans to be exported. */
export const waitForClientSpans = async (transport: InMemoryTransport, count: number): Promise<Span[]> => {
  await waitFor(() => clientSpans(transport).length >= count, `${count} client span(s)`);
  return clientSpans(transport);
};

/** The duration points after a shutdown (metrics are exported at shutdown). */
export const durationPoints = async (
  client: TelemetryFlowClient,
  transport: InMemoryTransport,
): Promise<Point[]> => {
  await client.shutdown(AMPLE_MS);
  return metricPoints(transport, 'http.client.request.duration');
};

export const statusOf = (span: Span | undefined): string =>
  ((span?.['status'] ?? {}) as { code?: string }).code ?? 'STATUS_CODE_UNSET';

/** The `traceparent` a span's context gives, sampled. */
export const traceparentOf = (span: Span): string =>
  `00-${String(span['traceId'])}-${String(span['spanId'])}-01`;

/** Reads a node:http response to its end. */
export const readBody = (res: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (text += chunk));
    res.on('end', () => resolve(text));
    res.on('error', reject);
  });
