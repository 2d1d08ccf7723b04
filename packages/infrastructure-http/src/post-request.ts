import type { TlsSettings } from './tls-settings.js';
import type { Agent, ClientRequest, IncomingHttpHeaders, IncomingMessage, RequestOptions } from 'node:http';

/** What one POST came to: a response (body read up to the cap) or an error before one. */
export type HttpExchange =
  | {
      readonly kind: 'response';
      readonly status: number;
      readonly headers: IncomingHttpHeaders;
      readonly body: Buffer;
      /** The body was longer than the cap; `body` holds its beginning. */
      readonly truncated: boolean;
    }
  | {
      readonly kind: 'error';
      readonly error: Error;
      readonly timedOut: boolean;
      /**
       * The request went out on a kept-alive connection that the server closed before any byte of
       * an answer (ECONNRESET, "socket hang up", EPIPE): the server most likely closed it as idle
       * just as it was reused, and the request can go again on a fresh connection.
       */
      readonly staleConnection?: boolean;
    };

export interface PostOptions {
  readonly agent: Agent;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  /** TLS options of the request (CA, client certificate and key). */
  readonly tls?: TlsSettings | undefined;
  /** Aborts the request (the transport is shutting down). */
  readonly signal: AbortSignal;
}

export type RequestFn = (url: URL, options: RequestOptions) => ClientRequest;

/** Errors of a connection the server closed under a request. */
const CLOSED_UNDER_US = new Set(['ECONNRESET', 'EPIPE']);

/**
 * POSTs `body` to `url` and reads the response body up to `maxResponseBytes`. The deadline covers
 * connecting, sending and reading the whole response. The socket does not hold the process open.
 * Never rejects: every failure is a value.
 */
export const postRequest = (
  request: RequestFn,
  url: URL,
  body: Uint8Array,
  options: PostOptions,
): Promise<HttpExchange> =>
  new Promise<HttpExchange>((resolve) => {
    let timedOut = false;
    let responded = false;
    let req: ClientRequest | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      req?.destroy(new Error(`no complete response within ${options.timeoutMs} ms`));
    }, options.timeoutMs);
    timer.unref();
    const finish = (exchange: HttpExchange): void => {
      clearTimeout(timer);
      resolve(exchange);
    };
    const fail = (error: Error): void => {
      const staleConnection =
        !timedOut &&
        !responded &&
        req?.reusedSocket === true &&
        CLOSED_UNDER_US.has((error as NodeJS.ErrnoException).code ?? '');
      finish({ kind: 'error', error, timedOut, ...(staleConnection && { staleConnection }) });
    };
    try {
      req = request(url, {
        ...options.tls,
        method: 'POST',
        agent: options.agent,
        headers: { ...options.headers, 'Content-Length': String(body.byteLength) },
        signal: options.signal,
      });
    } catch (error) {
      fail(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    // Registered for the request's whole life: a late socket error must never go uncaught.
    req.on('error', fail);
    // An export in flight must not keep a finished process alive (for up to timeoutMs with a
    // collector that never answers): the client's exit flush and an awaited flush()/shutdown()
    // hold the process open themselves, within their budgets.
    req.on('socket', (socket) => socket.unref());
    req.on('response', (res) => {
      responded = true;
      readBody(res, options.maxResponseBytes, finish, fail);
    });
    req.end(body);
  });

const readBody = (
  res: IncomingMessage,
  max: number,
  finish: (exchange: HttpExchange) => void,
  fail: (error: Error) => void,
): void => {
  const chunks: Buffer[] = [];
  let size = 0;
  let done = false;
  const complete = (truncated: boolean): void => {
    if (done) return;
    done = true;
    const status = res.statusCode ?? 0;
    finish({ kind: 'response', status, headers: res.headers, body: Buffer.concat(chunks), truncated });
  };
  res.on('data', (chunk: Buffer) => {
    if (done) return;
    if (size + chunk.length <= max) {
      chunks.push(chunk);
      size += chunk.length;
      return;
    }
    chunks.push(chunk.subarray(0, max - size));
    complete(true);
    res.destroy(); // stop reading; the connection is not reused
  });
  res.on('end', () => complete(false));
  res.on('error', (error) => {
    if (!done) fail(error);
  });
  res.on('close', () => {
    if (!done) fail(new Error('the connection closed before the response was complete'));
  });
};
