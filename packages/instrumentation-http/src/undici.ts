import diagnosticsChannel from 'node:diagnostics_channel';
import { guarded } from './guard.js';
import type { OutgoingHttpRequest } from './options.js';
import type { Tracked } from './node-http.js';

/** What undici's `undici:request:*` messages carry, as far as we read them (undici 5–7). */
interface UndiciRequest {
  readonly origin: string | URL;
  readonly method: string;
  readonly path: string;
  /** undici ≥ 6: `[name, value, name, value, …]`; undici 5: `'name: value\r\n…'`. */
  headers: string[] | string;
  addHeader?(name: string, value: string): unknown;
}

/** What the undici hooks report to; `undefined` from `started` leaves the request alone. */
export interface UndiciObserver {
  started(
    request: OutgoingHttpRequest,
    setHeaders: (headers: Record<string, string>) => void,
  ): Tracked | undefined;
}

interface RequestState {
  readonly span: Tracked;
  answered: boolean;
}

/**
 * Sets headers on an undici request, replacing a header of the same name the caller set (a
 * `traceparent` from an incoming request, say): two would make the receiver ignore both.
 */
const setHeadersOn =
  (request: UndiciRequest) =>
  (headers: Record<string, string>): void => {
    for (const [name, value] of Object.entries(headers)) {
      const current = request.headers;
      if (Array.isArray(current)) {
        let replaced = false;
        for (let i = 0; i + 1 < current.length; i += 2) {
          if (current[i]?.toLowerCase() === name) {
            current[i + 1] = value;
            replaced = true;
          }
        }
        if (replaced) continue;
      } else if (typeof current === 'string') {
        const line = new RegExp(`^${name}:.*$`, 'im');
        if (line.test(current)) {
          request.headers = current.replace(line, `${name}: ${value}`);
          continue;
        }
      }
      request.addHeader?.(name, value);
    }
  };

/**
 * Subscribes to undici's request channels — global `fetch` uses the undici bundled with Node, and
 * an installed undici package publishes to the same channels — and returns the unsubscription.
 * `create` runs in the caller's async context (so the span is a child of the active span), before
 * the request is sent; `headers` brings the status; `trailers` (the body read to its end) or
 * `error` ends it.
 */
export const hookUndici = (observer: UndiciObserver): (() => void) => {
  const tracked = new WeakMap<object, RequestState>();

  const onCreate = guarded((message) => {
    const { request } = message as { request: UndiciRequest };
    let url: URL;
    try {
      url = new URL(request.path, request.origin);
    } catch {
      return;
    }
    const span = observer.started({ method: request.method, url, api: 'undici' }, setHeadersOn(request));
    if (span !== undefined) tracked.set(request, { span, answered: false });
  });

  const onHeaders = guarded((message) => {
    const { request, response } = message as { request: object; response: { statusCode: number } };
    const state = tracked.get(request);
    if (state === undefined) return;
    state.answered = true;
    state.span.response(response.statusCode);
  });

  const onTrailers = guarded((message) => {
    const { request } = message as { request: object };
    tracked.get(request)?.span.end();
  });

  const onError = guarded((message) => {
    const { request, error } = message as { request: object; error: unknown };
    const state = tracked.get(request);
    if (state === undefined) return;
    // After the status line, an error is the body being cancelled (by the caller, or by undici
    // when the unread response is garbage-collected) or cut: the span keeps the response's status.
    if (!state.answered) state.span.fail(error);
    state.span.end();
  });

  const subscriptions: [string, (message: unknown) => void][] = [
    ['undici:request:create', onCreate],
    ['undici:request:headers', onHeaders],
    ['undici:request:trailers', onTrailers],
    ['undici:request:error', onError],
  ];
  for (const [name, listener] of subscriptions) diagnosticsChannel.subscribe(name, listener);
  return () => {
    for (const [name, listener] of subscriptions) diagnosticsChannel.unsubscribe(name, listener);
  };
};
