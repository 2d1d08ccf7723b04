import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import {
  AMPLE_MS,
  attributes,
  baseUrlOf,
  closeServer,
  inMemoryClient,
  serverSpans,
  waitFor,
} from '@telemetryflow-internal/test-utils';
import type { InMemoryTransport } from '@telemetryflow-internal/test-utils';
import { TelemetryFlowClient } from '@telemetryflow/client';

export type Span = ReturnType<typeof serverSpans>[number];

export interface Recording {
  readonly client: TelemetryFlowClient;
  readonly transport: InMemoryTransport;
  /** Waits until `count` server spans were exported, then shuts the client down (metrics, logs). */
  readonly settle: (count: number) => Promise<Span[]>;
}

/** An initialized client exporting to an in-memory receiver. */
export const recording = (): Recording => {
  const { client, transport } = inMemoryClient(TelemetryFlowClient);
  client.initialize();
  return {
    client,
    transport,
    settle: async (count) => {
      await waitFor(() => serverSpans(transport).length >= count, `${count} server span(s)`);
      await client.shutdown(AMPLE_MS);
      return serverSpans(transport);
    },
  };
};

export const eventsOf = (span: Span | undefined): { name: unknown; attrs: Record<string, unknown> }[] =>
  ((span?.['events'] ?? []) as Record<string, unknown>[]).map((e) => ({
    name: e['name'],
    attrs: attributes(e['attributes']),
  }));

export const statusOf = (span: Span | undefined): { code: string; message: string } => {
  const status = (span?.['status'] ?? {}) as { code?: string; message?: string };
  return { code: status.code ?? 'STATUS_CODE_UNSET', message: status.message ?? '' };
};

export interface Served {
  readonly baseUrl: string;
  close(): Promise<void>;
}

/** Serves `app` with @hono/node-server (HTTP/1.1) on an ephemeral loopback port. */
export const listen = async (app: Hono): Promise<Served> => {
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
  return { baseUrl: await baseUrlOf(server), close: () => closeServer(server) };
};
