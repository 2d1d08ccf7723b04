import type { Agent } from 'node:http';

/** PEM text, as a string or the bytes of a `.pem` file. */
export type Pem = string | Buffer;

/** Options of {@link createHttpTransport}. Every field is optional. */
export interface HttpTransportOptions {
  /**
   * CA certificate(s) to trust for the collector's TLS certificate, instead of Node's default roots
   * (a private CA or a self-signed collector). Default: the file named by
   * `OTEL_EXPORTER_OTLP_CERTIFICATE`, else Node's roots.
   */
  readonly ca?: Pem;
  /**
   * Client certificate chain for mutual TLS; needs `key`. Default: the file named by
   * `OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE`.
   */
  readonly cert?: Pem;
  /** Private key of `cert`. Default: the file named by `OTEL_EXPORTER_OTLP_CLIENT_KEY`. */
  readonly key?: Pem;
  /** Most bytes of a response body that are read; the rest is discarded. Default 64 KiB. */
  readonly maxResponseBytes?: number;
  /**
   * Most connections open to each collector (host and port) at once, kept alive between requests.
   * Default 8.
   */
  readonly maxSockets?: number;
  /**
   * The agent every request goes through, instead of the transport's own pools and of any proxy
   * from `HTTPS_PROXY` / `HTTP_PROXY`: an `https.Agent` for https endpoints, an `http.Agent` for
   * http ones, or one that serves both (e.g. `new HttpsProxyAgent(url)` from `https-proxy-agent`).
   * The caller owns it: the transport does not close it at shutdown. `ca`, `cert`, `key` and
   * `maxSockets` cannot be combined with it (set them on the agent). Default: none.
   */
  readonly agent?: Agent;
}

export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024;
export const DEFAULT_MAX_SOCKETS = 8;
