import type { Attributes, TelemetryFlowClient } from '@telemetryflow/client';
import { DEFAULT_SENSITIVE_QUERY_PARAMETERS, createQueryRedactor } from '@telemetryflow/middleware-core';
import { serverOf } from './server-of.js';

/** The part of `TelemetryFlowClient` the instrumentation uses. */
export type InstrumentedClient = Pick<
  TelemetryFlowClient,
  | 'config'
  | 'isInitialized'
  | 'isTracingSuppressed'
  | 'startSpan'
  | 'endSpan'
  | 'setSpanAttributes'
  | 'setSpanStatus'
  | 'withActiveSpan'
  | 'injectTraceContext'
  | 'recordHistogram'
>;

/** An outgoing request as the hooks see it, when it starts. */
export interface OutgoingHttpRequest {
  /** The method as sent (`GET`, `post`, …). */
  readonly method: string;
  /**
   * The URL as sent, query included: for decisions only. What is recorded (`url.full`) has the
   * values of sensitive query parameters and any user info redacted.
   */
  readonly url: URL;
  /** The client that made it: `undici` (global `fetch`, or the undici package) or `http` (`node:http`/`node:https`). */
  readonly api: 'undici' | 'http';
}

/** Options of `instrumentHttpClient`. */
export interface HttpClientInstrumentationOptions {
  /**
   * Requests to leave alone (no span, no header, no metric). A string matches URLs that start with
   * it (`'https://api.example.com/health'`); a RegExp is tested against the whole URL. Requests to
   * the client's own collector endpoint (its host and port) are always left alone. Default none.
   */
  readonly ignoreOutgoingUrls?: readonly (string | RegExp)[];
  /** Decides per request; `true` leaves it alone. A hook that throws counts as `false`. */
  readonly ignoreOutgoingRequest?: (request: OutgoingHttpRequest) => boolean;
  /**
   * Extra attributes for the CLIENT span, computed when the request starts (before the span
   * exists, so a sampler sees them). A hook that throws adds nothing.
   */
  readonly extraAttributes?: (request: OutgoingHttpRequest) => Attributes | undefined;
  /**
   * Query parameters whose values `url.full` shows as `REDACTED`, compared case-insensitively.
   * Default: the semantic conventions' list (`AWSAccessKeyId`, `Signature`, `sig`, `X-Goog-Signature`).
   */
  readonly sensitiveQueryParameters?: readonly string[];
  /** Write the CLIENT span's W3C context (`traceparent`, `tracestate`, `baggage`) into the request. Default `true`. */
  readonly propagate?: boolean;
  /** Record the `http.client.request.duration` histogram (seconds). Default `true`. */
  readonly recordRequestDuration?: boolean;
}

/** The options resolved once, at `instrumentHttpClient`. */
export interface ClientSettings {
  readonly ignored: (request: OutgoingHttpRequest) => boolean;
  readonly extraAttributes: (request: OutgoingHttpRequest) => Attributes | undefined;
  readonly redactQuery: (query: string) => string;
  readonly propagate: boolean;
  readonly recordRequestDuration: boolean;
}

/** Resolves the options; `collector` is the client's endpoint, whose requests are never traced. */
export const settingsOf = (
  options: HttpClientInstrumentationOptions,
  collector: { readonly host: string; readonly port: number },
): ClientSettings => {
  const collectorHost = collector.host.replace(/^\[|\]$/g, '').toLowerCase();
  const patterns = options.ignoreOutgoingUrls ?? [];
  const userIgnore = options.ignoreOutgoingRequest;
  const extra = options.extraAttributes;
  return {
    ignored: (request) => {
      const { url } = request;
      const server = serverOf(url);
      if (server.address === collectorHost && server.port === collector.port) return true;
      if (patterns.length > 0) {
        const href = url.href;
        for (const pattern of patterns) {
          if (typeof pattern === 'string') {
            if (href.startsWith(pattern)) return true;
          } else {
            pattern.lastIndex = 0; // a /g or /y pattern keeps state between calls
            if (pattern.test(href)) return true;
          }
        }
      }
      if (userIgnore === undefined) return false;
      try {
        return userIgnore(request) === true;
      } catch {
        return false;
      }
    },
    extraAttributes: (request) => {
      if (extra === undefined) return undefined;
      try {
        return extra(request);
      } catch {
        return undefined;
      }
    },
    redactQuery: createQueryRedactor(options.sensitiveQueryParameters ?? DEFAULT_SENSITIVE_QUERY_PARAMETERS),
    propagate: options.propagate ?? true,
    recordRequestDuration: options.recordRequestDuration ?? true,
  };
};
