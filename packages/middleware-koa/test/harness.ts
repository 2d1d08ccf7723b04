import type { Server } from 'node:http';
import Koa from 'koa';
import Koa2 from 'koa2';
import {
  AMPLE_MS,
  baseUrlOf,
  closeServer,
  inMemoryClient,
  serverSpans,
  waitFor,
} from '@telemetryflow-internal/test-utils';
import type { InMemoryTransport, receivedSpans } from '@telemetryflow-internal/test-utils';
import { TelemetryFlowClient } from '@telemetryflow/client';

/** Both supported majors, run through Koa 3's types. */
export const KOA_MAJORS = [
  { name: 'Koa 2', Framework: Koa2 },
  { name: 'Koa 3', Framework: Koa },
] as const;

export type Span = ReturnType<typeof receivedSpans>[number];

export interface Harness {
  readonly client: TelemetryFlowClient;
  readonly transport: InMemoryTransport;
  /** Serves `app` on 127.0.0.1 (ephemeral port) until `close()`; returns its base URL. */
  listen(app: Koa): Promise<string>;
  /** Waits for `count` server spans, then shuts the client down so metrics and logs are exported. */
  settle(count: number): Promise<Span[]>;
  close(): Promise<void>;
}

/** An initialized client exporting in memory, and the servers a test starts. */
export const harness = (): Harness => {
  const { client, transport } = inMemoryClient(TelemetryFlowClient);
  client.initialize();
  const servers: Server[] = [];
  return {
    client,
    transport,
    async listen(app) {
      const server = app.listen(0, '127.0.0.1');
      servers.push(server);
      return baseUrlOf(server);
    },
    async settle(count) {
      await waitFor(() => serverSpans(transport).length >= count, `${count} server span(s)`);
      await client.shutdown(AMPLE_MS);
      return serverSpans(transport);
    },
    async close() {
      await Promise.all(servers.splice(0).map(closeServer));
      await client.shutdown(AMPLE_MS);
    },
  };
};

/** The span's status, with OTLP's left-out defaults filled in. */
export const statusOf = (span: Span | undefined): { code: string; message: string } => {
  const status = (span?.['status'] ?? {}) as { code?: string; message?: string };
  return { code: status.code ?? 'STATUS_CODE_UNSET', message: status.message ?? '' };
};

export const eventNames = (span: Span | undefined): unknown[] =>
  ((span?.['events'] ?? []) as Record<string, unknown>[]).map((e) => e['name']);
