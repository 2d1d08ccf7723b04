import { hookNodeHttp } from './node-http.js';
import type { Tracked } from './node-http.js';
import { settingsOf } from './options.js';
import type { HttpClientInstrumentationOptions, InstrumentedClient, OutgoingHttpRequest } from './options.js';
import { OutgoingHttpSpan } from './outgoing-span.js';
import { hookUndici } from './undici.js';

/** What `instrumentHttpClient` returns. */
export interface HttpClientInstrumentation {
  /** Stops recording and propagating; idempotent. Requests already started still end their spans. */
  disable(): void;
}

let current: HttpClientInstrumentation | undefined;

/**
 * Records every outgoing HTTP request made with global `fetch` (and the undici package) and with
 * `node:http` / `node:https` `request` / `get`: a CLIENT span, child of the active span, named by
 * the method, with the stable HTTP client attributes (`http.request.method`, `server.address`,
 * `server.port`, `url.full` with sensitive query values redacted, `http.response.status_code`,
 * `error.type`); its W3C context goes into the request's `traceparent` / `tracestate` headers; the
 * `http.client.request.duration` histogram is recorded in **seconds**. The span ends when the
 * response body has been read to its end (or the request fails).
 *
 * Nothing is recorded where the client says tracing is suppressed (its own exports) nor for
 * requests to its collector endpoint; until the client is initialized requests pass untouched.
 * One instrumentation per process: a second call disables the first. Never throws for a request.
 *
 * @example
 * const client = new TelemetryFlowBuilder().withAutoConfiguration().build().initialize();
 * const http = instrumentHttpClient(client);
 * await fetch('https://api.example.com/users'); // a CLIENT span, `traceparent` sent
 * http.disable();
 */
export const instrumentHttpClient = (
  client: InstrumentedClient,
  options: HttpClientInstrumentationOptions = {},
): HttpClientInstrumentation => {
  current?.disable();
  const settings = settingsOf(options, client.config.parsedEndpoint);
  const observer = {
    started(
      request: OutgoingHttpRequest,
      setHeaders: (headers: Record<string, string>) => void,
    ): Tracked | undefined {
      try {
        if (!client.isInitialized() || client.isTracingSuppressed() || settings.ignored(request))
          return undefined;
        const span = new OutgoingHttpSpan(client, settings, request);
        const headers = span.start(request);
        setHeaders(headers);
        return span;
      } catch {
        return undefined; // Never break a request for telemetry.
      }
    },
  };
  const undo = [hookUndici(observer), hookNodeHttp(observer)];
  let enabled = true;
  const handle: HttpClientInstrumentation = {
    disable() {
      if (!enabled) return;
      enabled = false;
      for (const u of undo) u();
      if (current === handle) current = undefined;
    },
  };
  current = handle;
  return handle;
};
