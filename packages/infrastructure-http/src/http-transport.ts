import { setMaxListeners } from 'node:events';
import type { Agent } from 'node:http';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { ALL_SIGNALS, REDACTED } from '@telemetryflow/domain';
import type {
  ExportOutcome,
  ExportSendOptions,
  ExportTransport,
  SignalType,
  TelemetryConfig,
  TransportContext,
} from '@telemetryflow/domain';
import { networkOutcome } from './network-outcome.js';
import { postRequest } from './post-request.js';
import type { HttpExchange, RequestFn } from './post-request.js';
import { isAuthStatus, responseOutcome } from './response-outcome.js';
import { USER_AGENT } from './user-agent.js';

const gzipAsync = promisify(gzip);

/** Statuses with which a collector that cannot decompress answers a gzip body. */
const GZIP_REFUSED = new Set([400, 415]);

const SHUT_DOWN: ExportOutcome = { status: 'failed', reason: 'the HTTP transport is shut down' };

export interface HttpTransportParts {
  readonly config: TelemetryConfig;
  readonly context: TransportContext;
  readonly agent: Agent;
  readonly request: RequestFn;
  readonly maxResponseBytes: number;
}

/** The OTLP/HTTP protobuf `ExportTransport`; made by `createHttpTransport`. */
export class HttpTransport implements ExportTransport {
  readonly #parts: HttpTransportParts;
  readonly #urls: ReadonlyMap<SignalType, URL>;
  readonly #headers: Readonly<Record<string, string>>;
  readonly #secret: string;
  readonly #closing = new AbortController();
  #compress: boolean;
  #authReported = false;

  constructor(parts: HttpTransportParts) {
    const { config } = parts;
    this.#parts = parts;
    this.#urls = new Map(ALL_SIGNALS.map((s) => [s, new URL(config.getSignalUrl(s))]));
    this.#headers = {
      ...config.getExportHeaders(),
      'Content-Type': 'application/x-protobuf',
      'User-Agent': USER_AGENT,
    };
    this.#secret = config.credentials.keySecret;
    this.#compress = config.compression;
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

  /** Aborts requests in flight (they resolve `failed`) and closes every connection. */
  shutdown(): Promise<void> {
    this.#closing.abort();
    this.#parts.agent.destroy();
    return Promise.resolve();
  }

  async #export(signal: SignalType, body: Uint8Array, timeoutMs: number): Promise<ExportOutcome> {
    const url = this.#url(signal);
    const exchange = await this.#exchange(url, body, timeoutMs);
    if (this.#closing.signal.aborted) return SHUT_DOWN;
    if (exchange.kind === 'error') {
      return networkOutcome(exchange.error, exchange.timedOut, timeoutMs, url.href);
    }
    const outcome = responseOutcome(signal, exchange, Date.now(), (text) => this.#redact(text));
    if (outcome.status === 'success') {
      if (this.#authReported) this.#parts.context.clear?.('TF_HTTP_AUTH');
      this.#authReported = false;
    } else if (isAuthStatus(exchange.status)) this.#reportAuth(url, outcome.reason);
    return outcome;
  }

  /** One POST; a gzip body refused with 400/415 is sent again uncompressed, within the same deadline. */
  async #exchange(url: URL, body: Uint8Array, timeoutMs: number): Promise<HttpExchange> {
    if (!this.#compress) return this.#post(url, body, false, timeoutMs);
    const deadline = performance.now() + timeoutMs;
    const first = await this.#post(url, await gzipAsync(body), true, timeoutMs);
    if (first.kind !== 'response' || !GZIP_REFUSED.has(first.status)) return first;
    this.#stopCompressing(first.status);
    const left = Math.ceil(deadline - performance.now());
    if (left <= 0) {
      return { kind: 'error', error: new Error('no time left to resend uncompressed'), timedOut: true };
    }
    return this.#post(url, body, false, left);
  }

  #url(signal: SignalType): URL {
    const url = this.#urls.get(signal);
    if (url === undefined) throw new Error(`unknown signal ${String(signal)}`);
    return url;
  }

  #post(url: URL, body: Uint8Array, gzipped: boolean, timeoutMs: number): Promise<HttpExchange> {
    const { agent, request, maxResponseBytes } = this.#parts;
    const headers = gzipped ? { ...this.#headers, 'Content-Encoding': 'gzip' } : this.#headers;
    return postRequest(request, url, body, {
      agent,
      headers,
      timeoutMs,
      maxResponseBytes,
      signal: this.#closing.signal,
    });
  }

  #stopCompressing(status: number): void {
    if (!this.#compress) return; // another request saw it first
    this.#compress = false;
    this.#report(
      'TF_HTTP_GZIP_FALLBACK',
      `the collector at ${this.#parts.config.getEndpointUrl()} refused a gzip-compressed request (HTTP ${status}); ` +
        'it was resent uncompressed and compression stays off for this client ' +
        '(the TelemetryFlow collector cannot decompress HTTP bodies; turn compression off to skip this step)',
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

  #redact(text: string): string {
    return this.#secret === '' ? text : text.split(this.#secret).join(REDACTED);
  }

  #redacted(outcome: ExportOutcome): ExportOutcome {
    if (outcome.status === 'success') {
      return outcome.message === undefined ? outcome : { ...outcome, message: this.#redact(outcome.message) };
    }
    return { ...outcome, reason: this.#redact(outcome.reason) };
  }
}
