import { SpanKind } from '@telemetryflow/client';
import type { Attributes } from '@telemetryflow/client';
import {
  DEFAULT_SENSITIVE_QUERY_PARAMETERS,
  REDACTED,
  createQueryRedactor,
  errorTypeOf,
  normalizeMethod,
} from '@telemetryflow/middleware-core';
import type { ClientSettings, InstrumentedClient, OutgoingHttpRequest } from './options.js';
import { serverOf } from './server-of.js';

/** The duration histogram of the stable HTTP client conventions. */
export const METRIC_CLIENT_REQUEST_DURATION = 'http.client.request.duration';

const redactDefaultQuery = createQueryRedactor(DEFAULT_SENSITIVE_QUERY_PARAMETERS);

/**
 * `url.full` as the conventions want it recorded: user info replaced by `REDACTED:REDACTED`, the
 * values of sensitive query parameters by `REDACTED`, no fragment. `redactQuery` rewrites the query
 * string (without its `?`); default: the conventions' sensitive parameters
 * (`createQueryRedactor(DEFAULT_SENSITIVE_QUERY_PARAMETERS)` of @telemetryflow/middleware-core).
 */
export const urlFullOf = (url: URL, redactQuery: (query: string) => string = redactDefaultQuery): string => {
  const auth = url.username !== '' || url.password !== '' ? `${REDACTED}:${REDACTED}@` : '';
  const query = url.search.length > 1 ? `?${redactQuery(url.search.slice(1))}` : '';
  return `${url.protocol}//${auth}${url.host}${url.pathname}${query}`;
};

/**
 * `error.type` of a request that failed before a response: the system error code when there is one
 * (`ECONNREFUSED`, `UND_ERR_CONNECT_TIMEOUT`: bounded and what operators search for), else the
 * error's type. fetch wraps network errors in a `TypeError` whose `cause` has the code.
 */
export const clientErrorTypeOf = (error: unknown): string => {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 3; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]*$/.test(code)) return code;
  }
  return errorTypeOf(error);
};

/**
 * One outgoing request: a CLIENT span, child of the active span, whose context goes into the
 * request's headers, and the duration metric when it ends. Every client call is guarded: telemetry
 * never breaks a request.
 */
export class OutgoingHttpSpan {
  readonly #client: InstrumentedClient;
  readonly #settings: ClientSettings;
  readonly #startedAt = performance.now();
  readonly #keyed: Record<string, string | number>;
  #spanId = '';
  #statusCode: number | undefined;
  #protocolVersion: string | undefined;
  #peer: { readonly address: string; readonly port: number } | undefined;
  #error: unknown;
  #failed = false;
  #ended = false;

  constructor(client: InstrumentedClient, settings: ClientSettings, request: OutgoingHttpRequest) {
    this.#client = client;
    this.#settings = settings;
    const server = serverOf(request.url);
    this.#keyed = {
      'http.request.method': normalizeMethod(request.method),
      'server.address': server.address,
      'server.port': server.port,
    };
  }

  /**
   * Starts the span and returns the headers that carry its context (empty when propagation is off
   * or nothing could start).
   */
  start(request: OutgoingHttpRequest): Record<string, string> {
    const headers: Record<string, string> = {};
    try {
      const client = this.#client;
      const method = this.#keyed['http.request.method'] as string;
      const attributes: Attributes = {
        ...this.#keyed,
        'url.full': urlFullOf(request.url, this.#settings.redactQuery),
        ...(method === '_OTHER' ? { 'http.request.method_original': request.method } : {}),
        ...this.#settings.extraAttributes(request),
      };
      // The conventions' name is the method alone: a client does not know the route template.
      this.#spanId = client.startSpan(method === '_OTHER' ? 'HTTP' : method, SpanKind.CLIENT, attributes);
      if (this.#settings.propagate) {
        client.withActiveSpan(this.#spanId, () => client.injectTraceContext(headers));
      }
    } catch {
      // Never break a request for telemetry (e.g. the client was shut down meanwhile).
    }
    return headers;
  }

  /** The response's status line arrived. */
  response(statusCode: number, protocolVersion?: string, peer?: { address: string; port: number }): void {
    this.#statusCode = statusCode;
    this.#protocolVersion = protocolVersion;
    this.#peer = peer;
  }

  /** Whether the response's status line arrived. */
  get answered(): boolean {
    return this.#statusCode !== undefined;
  }

  /** The request failed before a response: ERROR with the error recorded. */
  fail(error: unknown): void {
    if (this.#ended || this.answered || this.#failed) return; // the first error is the cause
    this.#failed = true;
    this.#error = error;
  }

  /**
   * Ends the span and records the duration; only the first call counts. Status ERROR for a failure
   * and for status codes ≥ 400 (HTTP client spans, "Status" in the conventions), with no
   * description where the status code says it.
   */
  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    const seconds = (performance.now() - this.#startedAt) / 1000;
    try {
      const keyed = { ...this.#keyed };
      const code = this.#statusCode;
      if (code !== undefined) keyed['http.response.status_code'] = code;
      if (this.#failed) keyed['error.type'] = clientErrorTypeOf(this.#error);
      else if (code !== undefined && code >= 400) keyed['error.type'] = String(code);
      if (this.#protocolVersion !== undefined) keyed['network.protocol.version'] = this.#protocolVersion;
      this.#endSpan(keyed);
      if (this.#settings.recordRequestDuration) {
        this.#client.recordHistogram(METRIC_CLIENT_REQUEST_DURATION, seconds, 's', keyed);
      }
    } catch {
      // Never break a request for telemetry.
    }
  }

  #endSpan(keyed: Record<string, string | number>): void {
    const id = this.#spanId;
    if (id === '') return;
    const client = this.#client;
    const peer = this.#peer;
    client.setSpanAttributes(id, {
      ...keyed,
      ...(peer === undefined ? {} : { 'network.peer.address': peer.address, 'network.peer.port': peer.port }),
    });
    if (this.#failed) {
      client.endSpan(id, this.#error ?? new Error('request failed'));
      return;
    }
    // Set even when UNSET: endSpan() would end a span without an explicit status as OK.
    client.setSpanStatus(id, keyed['error.type'] === undefined ? 'unset' : 'error');
    client.endSpan(id);
  }
}
