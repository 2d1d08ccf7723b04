import { createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import type { SignalType } from '@telemetryflow/domain';
import type { DecodedRequest } from '@telemetryflow-internal/test-utils';
import { grpcReply, startGrpcReceiver } from '@telemetryflow-internal/test-utils/grpc-receiver';
import type { GrpcReceiver } from '@telemetryflow-internal/test-utils/grpc-receiver';
import { startHttpReceiver } from '@telemetryflow-internal/test-utils/http-receiver';
import type { HttpReceiver } from '@telemetryflow-internal/test-utils/http-receiver';
import { TelemetryStore } from './telemetry-store.js';
import { viewsOf } from './telemetry-views.js';
import type { Views } from './telemetry-views.js';
import { startWebServer } from './web-server.js';
import type { WebServer } from './web-server.js';

export interface DevCollectorOptions {
  /** Default `127.0.0.1`. */
  readonly host?: string;
  /** Default 4317; 0 picks a free port. */
  readonly grpcPort?: number;
  /** Default 4318; 0 picks a free port. */
  readonly httpPort?: number;
  /** Default 4319; 0 picks a free port; `false` serves no page. */
  readonly webPort?: number | false;
  /** Spans, logs and metric series kept in memory (default 2000). */
  readonly maxItems?: number;
  /** Refuse exports whose key pair differs (gRPC UNAUTHENTICATED, HTTP 401), like the TelemetryFlow collector's v2 auth. */
  readonly requireKey?: { readonly keyId: string; readonly keySecret: string };
  /** Also append every accepted export to this file as JSON lines. */
  readonly jsonlFile?: string;
  /** Called with what each accepted export holds: the live stream. */
  readonly onBatch?: (signal: SignalType, views: Views, via: 'grpc' | 'http') => void;
  /** Called with each refused export (auth). */
  readonly onRefused?: (via: 'grpc' | 'http', reason: string) => void;
}

export interface DevCollector {
  /** `127.0.0.1:4317`: the gRPC endpoint for `withEndpoint()`. */
  readonly grpcAddress: string;
  /** `http://127.0.0.1:4318`: the OTLP/HTTP base URL. */
  readonly httpUrl: string;
  /** The web page, when served. */
  readonly webUrl: string | undefined;
  readonly store: TelemetryStore;
  close(): Promise<void>;
}

/** A port the collector wanted is taken. */
export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
  constructor(what: string, host: string, port: number, flag: string) {
    super(
      `${what} port ${host}:${port} is already in use. Stop whatever listens there, or pass ${flag} <port>.`,
    );
  }
}

const inUse = (error: unknown): boolean =>
  /EADDRINUSE|address already in use|No address added/i.test(String(error));

const keyMatches = (
  required: DevCollectorOptions['requireKey'],
  id: string | undefined,
  secret: string | undefined,
) => required === undefined || (id === required.keyId && secret === required.keySecret);

const AUTH_REFUSED = 'invalid or missing TelemetryFlow API key (X-TelemetryFlow-Key-ID / -Key-Secret)';

/**
 * Starts the local collector: OTLP/gRPC and OTLP/HTTP receivers (`/v1/*` and `/v2/*`, gzip
 * accepted), a bounded in-memory store, an optional JSON-lines file and a web page.
 *
 * @example
 * ```ts
 * const collector = await startDevCollector({ grpcPort: 0, httpPort: 0, webPort: false });
 * // point a client at collector.grpcAddress, export, then read collector.store.traces()
 * await collector.close();
 * ```
 */
export const startDevCollector = async (options: DevCollectorOptions = {}): Promise<DevCollector> => {
  const { host = '127.0.0.1', grpcPort = 4317, httpPort = 4318, webPort = 4319, maxItems = 2000 } = options;
  const store = new TelemetryStore(maxItems);
  const jsonl: WriteStream | undefined =
    options.jsonlFile === undefined ? undefined : createWriteStream(options.jsonlFile, { flags: 'a' });
  const accept = (via: 'grpc' | 'http') => (signal: SignalType, request: DecodedRequest) => {
    const views = viewsOf(signal, request);
    store.add(views);
    jsonl?.write(`${JSON.stringify({ receivedAt: new Date().toISOString(), via, signal, request })}\n`);
    options.onBatch?.(signal, views, via);
  };
  const closers: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    await Promise.all(closers.splice(0).map((close) => close()));
    await new Promise<void>((resolve) => (jsonl ? jsonl.end(() => resolve()) : resolve()));
  };
  try {
    let grpc: GrpcReceiver;
    try {
      grpc = await startGrpcReceiver({ host, port: grpcPort, retain: 0, onAccepted: accept('grpc') });
    } catch (error) {
      throw inUse(error) ? new PortInUseError('gRPC', host, grpcPort, '--grpc-port') : error;
    }
    closers.push(() => grpc.close());
    grpc.respond = (call) => {
      if (
        keyMatches(
          options.requireKey,
          call.metadata['x-telemetryflow-key-id'],
          call.metadata['x-telemetryflow-key-secret'],
        )
      ) {
        return grpcReply.ok();
      }
      options.onRefused?.('grpc', AUTH_REFUSED);
      return grpcReply.status(16, AUTH_REFUSED);
    };
    let http: HttpReceiver;
    try {
      http = await startHttpReceiver({ host, port: httpPort, retain: 0, onAccepted: accept('http') });
    } catch (error) {
      throw inUse(error) ? new PortInUseError('OTLP/HTTP', host, httpPort, '--http-port') : error;
    }
    closers.push(() => http.close());
    http.respond = (request) => {
      if (
        keyMatches(
          options.requireKey,
          request.headers['x-telemetryflow-key-id'],
          request.headers['x-telemetryflow-key-secret'],
        )
      ) {
        return undefined;
      }
      options.onRefused?.('http', AUTH_REFUSED);
      return { status: 401, body: { error: AUTH_REFUSED } };
    };
    let web: WebServer | undefined;
    if (webPort !== false) {
      try {
        web = await startWebServer(store, host, webPort);
      } catch (error) {
        throw inUse(error) ? new PortInUseError('web page', host, webPort, '--web-port') : error;
      }
      const server = web;
      closers.push(() => server.close());
    }
    return { grpcAddress: grpc.address, httpUrl: http.url, webUrl: web?.url, store, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
};
