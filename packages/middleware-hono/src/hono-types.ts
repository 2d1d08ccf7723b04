import type { IncomingHttpHeaders } from 'node:http';
import type { Context } from 'hono';
import type { HttpTelemetryOptions } from '@telemetryflow/middleware-core';

/** Options of `honoTelemetry`: the shared options; `attributesFromRequest` gets Hono's `Context`. */
export type HonoTelemetryOptions = HttpTelemetryOptions<Context>;

/** Node's response (HTTP/1 `ServerResponse` or HTTP/2 `Http2ServerResponse`), as far as it is read. */
export interface NodeResponseLike {
  readonly headersSent: boolean;
  readonly statusCode: number;
  readonly writableFinished?: boolean;
  /** The error the response was destroyed with (a body stream that failed after the headers). */
  readonly errored?: unknown;
  once(event: 'finish' | 'close', listener: () => void): unknown;
}

/**
 * What @hono/node-server passes as `c.env` (its `HttpBindings` / `Http2Bindings`), as far as it is
 * read: Node's request for the connection, Node's response to see the request end.
 */
export interface NodeBindingsLike {
  readonly incoming: {
    readonly headers: IncomingHttpHeaders;
    readonly httpVersion?: string;
    readonly socket?: { readonly remoteAddress?: string; readonly remotePort?: number } | null;
  };
  readonly outgoing: NodeResponseLike;
}
