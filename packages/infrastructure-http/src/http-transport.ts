import { setMaxListeners } from 'node:events';
import type { Agent } from 'node:http';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { ALL_SIGNALS, createRedactor } from '@telemetryflow/domain';
import type {
  ExportOutcome,
  ExportSendOptions,
  ExportTransport,
  SignalType,
  TelemetryConfig,
  TransportContext,
} from '@telemetryflow/domain';
import type { Redact } from './body-text.js';
import type { ConnectionPool, ConnectionPools } from './connection-pools.js';
import { networkOutcome } from './network-outcome.js';
import { postRequest } from './post-request.js';
import type { HttpExchange } from './post-request.js';

import { isAuthStatus, responseOutcome } from './response-outcome.js';
import { USER_AGENT } from './user-agent.js';

const gzipAsync = promisify(gzip);

/** Statuses with which a collector that cannot decompress answers a gzip body. */
const GZIP_REFUSED = new Set([400, 415]);

const SHUT_DOWN: ExportOutcome = { status: 'failed', reason: 'the HTTP transport is shut down' };

const closeIdleConnections = (agent: Agent): void => {
  for (const sockets of Object.values(agent.freeSockets))
    for (const socket of sockets ?? []) socket.destroy();
};

export interface HttpTransportParts {
  readonly config: TelemetryConfig;
  readonly context: TransportContext;
  readonly pools: ConnectionPools;
  /** Most bytes of a response body read. */
  readonly maxResponseBytes: number;
  /** More values to keep out of reasons and diagnostics (proxy passwords). */
  readonly secrets?: readonly string[];
}

/** Where and how one signal's requests go: `config.signalSettings(signal)`, resolved once. */
interface Route {
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly pool: ConnectionPool;
}

/** The OTLP/HTTP protobuf `ExportTransport`; made by `createHttpTransport`. */
export class HttpTransport implements ExportTransport {
  readonly #parts: HttpTransportParts;
  readonly #routes: ReadonlyMap<SignalType, Route>;
  readonly #redact: Redact;
  readonly #closing = new AbortController();
  /**
   * Signals whose bodies are gzipped. The fallback after a refused gzip request turns it off for
   * that signal only, not for the whole origin: a gateway may route each path to a different
   * backend, and each signal has its own `compression` setting. It costs at most one extra round
   * trip per signal, once.
   */
  readonly #compressed = new Set<SignalType>();
  #authReported = false;

  constructor(parts: HttpTransportParts) {
    const { config, pools } = parts;
    this.#parts = parts;
    const routes = new Map<SignalType, Route>();
    for (const signal of ALL_SIGNALS) {
      const settings = config.signalSettings(signal);
      const url = new URL(settings.url);
      const pool = pools[signal];
      const headers = {
        ...settings.headers,
        'Content-Type': 'application/x-protobuf',
        'User-Agent': USER_AGENT,
      };
      routes.set(signal, { url, headers, pool });
      if (settings.compression) this.#compressed.add(signal);
    }
    this.#routes = routes;
    this.#redact = createRedactor([...config.getSecretValues(), ...(parts.secrets ?? [])]);
    // Every request in flight listens to it; many at once are expected, not a leak.
    setMaxListeners(0, this.#closing.signal);
  }

  async send(signal: SignalType, body: Uint8Array, { timeoutMs }: ExportSendOptions): Promise<ExportOutcome> {
    if (this.#closing.signal.aborted) return SHUT_DOWN;
    try {
      return this.#redacted(await this.#export(signal, body, timeoutMs));
    } catch (error) {
      return this.#redacted({ status: 'failed', reason: `HTTP transport error: ${String(error)}` });
    }
  }

  /**
   * Aborts requests in flight (they resolve `failed`) and closes every connection of every pool
   * the transport made; a user's agent is left open.
   */
  shutdown(): Promise<void> {
    this.#closing.abort();
    for (const pool of new Set(Object.values(this.#parts.pools))) if (pool.owned) pool.agent.destroy();
    return Promise.resolve();
  }

  async #export(signal: SignalType, body: Uint8Array, timeoutMs: number): Promise<ExportOutcome> {
    const route = this.#route(signal);
    const { url } = route;
    const exchange = await this.#exchange(signal, route, body, timeoutMs);
    if (this.#closing.signal.aborted) return SHUT_DOWN;
    if (exchange.kind === 'error') {
      return networkOutcome(exchange.error, exchange.timedOut, timeoutMs, url.href);
    }
    const outcome = responseOutcome(signal, exchange, Date.now(), this.#redact, url.href);
    if (outcome.status === 'success') {
      if (this.#authReported) this.#parts.context.clear?.('TF_HTTP_AUTH');
      this.#authReported = false;
    } else if (isAuthStatus(exchange.status)) this.#reportAuth(url, outcome.reason);
    return outcome;
  }

  /** One POST; a gzip body refused with 400/415 is sent again uncompressed, within the same deadline. */
  async #exchange(
    signal: SignalType,
    route: Route,
    body: Uint8Array,
    timeoutMs: number,
  ): Promise<HttpExchange> {
    if (!this.#compressed.has(signal)) return this.#post(route, body, false, timeoutMs);
    const deadline = performance.now() + timeoutMs;
    const first = await this.#post(route, await gzipAsync(body), true, timeoutMs);
    if (first.kind !== 'response' || !GZIP_REFUSED.has(first.status)) return first;
    this.#stopCompressing(signal, route.url, first.status);
    const left = Math.ceil(deadline - performance.now());
    if (left <= 0) {
      return { kind: 'error', error: new Error('no time left to resend uncompressed'), timedOut: true };
    }
    return this.#post(route, body, false, left);
  }

  #route(signal: SignalType): Route {
    const route = this.#routes.get(signal);
    if (route === undefined) throw new Error(`unknown signal ${String(signal)}`);
    return route;
  }

  /**
   * One POST, sent once more at once on a fresh connection when the collector closed a kept-alive
   * connection under it before answering (Node's documented remedy for `reusedSocket` and
   * ECONNRESET): a collector's idle timeout races every reuse, and waiting a retry's backoff for it
   * would lose the last batch of a short `shutdown()`. Not counted as a retry; same deadline.
   */
  async #post(route: Route, body: Uint8Array, gzipped: boolean, timeoutMs: number): Promise<HttpExchange> {
    const deadline = performance.now() + timeoutMs;
    const first = await this.#postOnce(route, body, gzipped, timeoutMs);
    if (first.kind !== 'error' || first.staleConnection !== true || this.#closing.signal.aborted)
      return first;
    // The pool's other idle connections are as old: close them too so the resend opens a new one
    // (only in pools the transport made: a user's agent may serve other traffic).
    if (route.pool.owned) closeIdleConnections(route.pool.agent);
    const left = Math.ceil(deadline - performance.now());
    return left > 0 ? this.#postOnce(route, body, gzipped, left) : first;
  }

  #postOnce(route: Route, body: Uint8Array, gzipped: boolean, timeoutMs: number): Promise<HttpExchange> {
    const { agent, request, tls } = route.pool;
    const headers = gzipped ? { ...route.headers, 'Content-Encoding': 'gzip' } : route.headers;
    return postRequest(request, route.url, body, {
      agent,
      tls,
      headers,
      timeoutMs,
      maxResponseBytes: this.#parts.maxResponseBytes,
      signal: this.#closing.signal,
    });
  }

  #stopCompressing(signal: SignalType, url: URL, status: number): void {
    if (!this.#compressed.delete(signal)) return; // another request of this signal saw it first
    this.#report(
      'TF_HTTP_GZIP_FALLBACK',
      this.#redact(
        `the collector at ${url.href} refused a gzip-compressed ${signal} request (HTTP ${status}); ` +
          `it was resent uncompressed and compression stays off for ${signal} on this client ` +
          '(the TelemetryFlow collector cannot decompress HTTP bodies; turn compression off to skip this step)',
      ),
    );
  }

  #reportAuth(url: URL, reason: string): void {
    if (this.#authReported) return;
    this.#authReported = true;
    const keyId = this.#parts.config.credentials.keyId;
    this.#report(
      'TF_HTTP_AUTH',
      this.#redact(
        `the collector refused API key ${keyId} at ${url.href} (${reason}); ` +
          'check the key ID and secret and that the collector allows this key',
      ),
    );
  }

  #report(code: string, message: string): void {
    try {
      this.#parts.context.report(code, message);
    } catch {
      // A throwing diagnostics sink must not change the export's outcome.
    }
  }

  #redacted(outcome: ExportOutcome): ExportOutcome {
    if (outcome.status === 'success') {
      return outcome.message === undefined ? outcome : { ...outcome, message: this.#redact(outcome.message) };
    }
    return { ...outcome, reason: this.#redact(outcome.reason) };
  }
}
