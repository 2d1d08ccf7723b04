import {
  AMPLE_MS,
  inMemoryClient,
  receivedLogs,
  receivedSpans,
  waitFor,
} from '@telemetryflow-internal/test-utils';
import type { InMemoryTransport } from '@telemetryflow-internal/test-utils';
import { TelemetryFlowClient } from '@telemetryflow/client';
import { grpcTelemetry } from '../src/index.js';
import type { GrpcTelemetry, GrpcTelemetryOptions } from '../src/index.js';
import { echoStub, startEcho } from './echo-service.js';
import type { EchoServer, EchoStub } from './echo-service.js';

export type Span = ReturnType<typeof receivedSpans>[number];

const RPC_KINDS = new Set(['SPAN_KIND_CLIENT', 'SPAN_KIND_SERVER']);

export interface Harness {
  readonly client: TelemetryFlowClient;
  readonly transport: InMemoryTransport;
  readonly telemetry: GrpcTelemetry;
  /** An Echo server with the server interceptor (or none), until `close()`. */
  server(intercepted?: boolean): Promise<EchoServer>;
  /** An Echo client with the client interceptor (or none), until `close()`. */
  stub(address: string, intercepted?: boolean): EchoStub;
  /** Waits for `count` CLIENT/SERVER spans, then shuts the client down so metrics are exported. */
  settle(count: number): Promise<Span[]>;
  /** The spans received so far. */
  spans(): Span[];
  logs(): ReturnType<typeof receivedLogs>;
  close(): Promise<void>;
}

/** An initialized client exporting in memory, the interceptors, and the servers and stubs a test makes. */
export const harness = (options: GrpcTelemetryOptions = {}): Harness => {
  const { client, transport } = inMemoryClient(TelemetryFlowClient);
  client.initialize();
  const telemetry = grpcTelemetry(client, options);
  const closers: (() => void)[] = [];
  const spans = () => receivedSpans(transport);
  return {
    client,
    transport,
    telemetry,
    async server(intercepted = true) {
      const server = await startEcho(client, intercepted ? [telemetry.serverInterceptor] : []);
      closers.push(() => server.close());
      return server;
    },
    stub(address, intercepted = true) {
      const stub = echoStub(address, intercepted ? [telemetry.clientInterceptor] : []);
      closers.push(() => stub.close());
      return stub;
    },
    async settle(count) {
      const rpc = () => spans().filter((s) => RPC_KINDS.has(s['kind'] as string));
      await waitFor(() => rpc().length >= count, `${count} CLIENT/SERVER span(s)`);
      await client.shutdown(AMPLE_MS);
      return spans();
    },
    spans,
    logs: () => receivedLogs(transport),
    async close() {
      for (const close of closers.splice(0)) close();
      await client.shutdown(AMPLE_MS);
    },
  };
};

export const kindOf = (spans: readonly Span[], kind: 'CLIENT' | 'SERVER' | 'INTERNAL'): Span[] =>
  spans.filter((s) => s['kind'] === `SPAN_KIND_${kind}`);

export const named = (spans: readonly Span[], name: string): Span | undefined =>
  spans.find((s) => s['name'] === name);

/** The span's status, with OTLP's left-out defaults filled in. */
export const statusOf = (span: Span | undefined): { code: string; message: string } => {
  const status = (span?.['status'] ?? {}) as { code?: string; message?: string };
  return { code: status.code ?? 'STATUS_CODE_UNSET', message: status.message ?? '' };
};

/** The W3C `traceparent` of a (sampled) span. */
export const traceparentOf = (span: Span | undefined): string =>
  `00-${String(span?.['traceId'])}-${String(span?.['spanId'])}-01`;
