import diagnosticsChannel from 'node:diagnostics_channel';
import http from 'node:http';
import type { ClientRequest, IncomingMessage } from 'node:http';
import https from 'node:https';
import { syncBuiltinESMExports } from 'node:module';
import { protocolVersionOf } from '@telemetryflow/middleware-core';
import { guarded } from './guard.js';
import type { OutgoingHttpRequest } from './options.js';

/** What the node:http hooks report to; `undefined` from `started` leaves the request alone. */
export interface NodeHttpObserver {
  started(
    request: OutgoingHttpRequest,
    setHeaders: (headers: Record<string, string>) => void,
  ): Tracked | undefined;
}

/** The per-request telemetry the hooks drive (an `OutgoingHttpSpan`). */
export interface Tracked {
  response(statusCode: number, protocolVersion?: string, peer?: { address: string; port: number }): void;
  fail(error: unknown): void;
  end(): void;
}

const CREATED = 'http.client.request.created';
const RESPONSE = 'http.client.response.finish';
const ERROR = 'http.client.request.error';

/**
 * Node publishes `http.client.request.created` — in the request's constructor, before its headers
 * are written — from 22.12 and 23.2 on. Older lines publish only `http.client.request.start`, when
 * the request is finished and its headers are already sent: too late to inject `traceparent`. There
 * `request`/`get` of node:http and node:https are wrapped (and the ESM bindings synced), the only
 * place that can still add a header. On 22.12–23.x both run and the wrapper defers to the channel.
 */
const [major = 0] = process.versions.node.split('.').map(Number);
const CHANNEL_ONLY = major >= 24;

interface RequestState {
  readonly span: Tracked;
  answered: boolean;
}

/** The URL a ClientRequest goes to, from what it exposes (protocol, Host header, host, path). */
const urlOf = (request: ClientRequest): URL | undefined => {
  try {
    const hostHeader = request.getHeader('host');
    const host =
      typeof hostHeader === 'string' && hostHeader !== ''
        ? hostHeader
        : request.host.includes(':') && !request.host.startsWith('[')
          ? `[${request.host}]`
          : request.host;
    return new URL(`${request.protocol}//${host}${request.path}`);
  } catch {
    return undefined;
  }
};

const setHeadersOn =
  (request: ClientRequest) =>
  (headers: Record<string, string>): void => {
    for (const [name, value] of Object.entries(headers)) {
      try {
        request.setHeader(name, value);
      } catch {
        // Headers already rendered (given as an array, or an `Expect` header): the span still records.
      }
    }
  };

type RequestFunction = typeof http.request;
type Wrapped = { request: RequestFunction; get: typeof http.get };

/** Installs the hooks; returns their removal. */
export const hookNodeHttp = (observer: NodeHttpObserver): (() => void) => {
  let active = true;
  const tracked = new WeakMap<ClientRequest, RequestState>();
  const seen = new WeakSet<ClientRequest>();

  const onCreated = (request: ClientRequest): void => {
    if (!active || seen.has(request)) return;
    seen.add(request);
    const url = urlOf(request);
    if (url === undefined) return;
    const state = observer.started({ method: request.method, url, api: 'http' }, setHeadersOn(request));
    if (state === undefined) return;
    const record: RequestState = { span: state, answered: false };
    tracked.set(request, record);
    // 'close' always comes, after 'error' or once the exchange is over; listening to it changes
    // nothing (a 'response' or 'error' listener would: the response would no longer be dumped,
    // the error no longer thrown).
    request.once('close', () => {
      if (record.answered) return; // the response's own 'end' / 'close' ends the span
      state.fail(new Error('request closed before a response'));
      state.end();
    });
  };

  const onResponse = guarded((message) => {
    const { request, response } = message as { request: ClientRequest; response: IncomingMessage };
    const record = tracked.get(request);
    if (record === undefined) return;
    record.answered = true;
    const socket = response.socket;
    const peer =
      socket?.remoteAddress !== undefined && socket.remotePort !== undefined
        ? { address: socket.remoteAddress, port: socket.remotePort }
        : undefined;
    record.span.response(response.statusCode ?? 0, protocolVersionOf(response.httpVersion), peer);
    // The span covers the body: it ends when the response is read (or dumped) to its end, or closes.
    const end = (): void => record.span.end();
    response.once('end', end);
    response.once('close', end);
  });

  const onError = guarded((message) => {
    const { request, error } = message as { request: ClientRequest; error: unknown };
    tracked.get(request)?.span.fail(error);
  });

  const onCreatedMessage = guarded((message) => onCreated((message as { request: ClientRequest }).request));
  diagnosticsChannel.subscribe(CREATED, onCreatedMessage);
  diagnosticsChannel.subscribe(RESPONSE, onResponse);
  diagnosticsChannel.subscribe(ERROR, onError);
  const unwrap = CHANNEL_ONLY ? () => undefined : wrapRequestFunctions(onCreated, () => active);

  return () => {
    active = false;
    diagnosticsChannel.unsubscribe(CREATED, onCreatedMessage);
    diagnosticsChannel.unsubscribe(RESPONSE, onResponse);
    diagnosticsChannel.unsubscribe(ERROR, onError);
    unwrap();
  };
};

/**
 * Wraps `request` and `get` of node:http and node:https so `onCreated` sees each request right
 * after its constructor, before its headers are rendered. `get` is rebuilt on the wrapped
 * `request` (as Node writes it: request, then `end()`), since the original `get` would end the
 * request before the hook could add a header. Returns the undo: the originals come back where our
 * wrappers are still installed; where someone wrapped over them, ours stay and pass through.
 */
const wrapRequestFunctions = (
  onCreated: (request: ClientRequest) => void,
  isActive: () => boolean,
): (() => void) => {
  const installed: { module: typeof http; wrapped: Wrapped; original: Wrapped }[] = [];
  for (const module of [http, https] as (typeof http)[]) {
    const original: Wrapped = { request: module.request, get: module.get };
    const request = function (this: unknown, ...args: Parameters<RequestFunction>): ClientRequest {
      const req = (original.request as (...a: unknown[]) => ClientRequest).apply(this, args);
      if (isActive()) {
        try {
          onCreated(req);
        } catch {
          // Never break a request for telemetry.
        }
      }
      return req;
    } as RequestFunction;
    const get = function (this: unknown, ...args: Parameters<RequestFunction>): ClientRequest {
      const req = (request as (...a: unknown[]) => ClientRequest).apply(this, args);
      req.end();
      return req;
    } as typeof http.get;
    module.request = request;
    module.get = get;
    installed.push({ module, wrapped: { request, get }, original });
  }
  syncBuiltinESMExports();
  return () => {
    for (const { module, wrapped, original } of installed) {
      if (module.request === wrapped.request) module.request = original.request;
      if (module.get === wrapped.get) module.get = original.get;
    }
    syncBuiltinESMExports();
  };
};
