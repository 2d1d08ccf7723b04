import type { SignalType } from '@telemetryflow/domain';
import type { DecodedRequest } from '../otlp-decoder.js';
import type { Flattened } from '../otlp-views.js';

/**
 * `otlp`: a standard OTLP/HTTP receiver (gzip accepted, protobuf answers) on any path ending in
 * `/traces`, `/metrics` or `/logs`. `telemetryflow`: the TelemetryFlow collector's HTTP receiver
 * (`/v1/*` open, `/v2/*` authenticated by key ID, gzip refused, `{}` JSON answers).
 */
export type ReceiverMode = 'otlp' | 'telemetryflow';

export interface HttpReceiverOptions {
  /** Serve https with this key and certificate; with `ca`, clients must present a certificate it signed. */
  readonly tls?: {
    readonly key: string | Buffer;
    readonly cert: string | Buffer;
    readonly ca?: string | Buffer;
  };
  /** Default `127.0.0.1`. */
  readonly host?: string;
  /** Default 0: an ephemeral port. */
  readonly port?: number;
  /** Default `otlp`. */
  readonly mode?: ReceiverMode;
  /** `telemetryflow` mode: the key IDs `/v2` accepts (others get 403). Default: any `tfk_` key ID. */
  readonly allowedKeyIds?: readonly string[];
  /** `telemetryflow` mode: `/v2` also requires a `tfs_` key secret header (the collector's `validate_secret`). */
  readonly validateSecret?: boolean;
  /** Larger request bodies get 413. Default 16 MiB. */
  readonly maxBodyBytes?: number;
  /** Keep only the last `retain` requests in `requests` (default: all; a long-running collector bounds it). */
  readonly retain?: number;
  /** Called with each request answered 2xx whose body decoded, as it is answered. Exceptions are ignored. */
  readonly onAccepted?: (
    signal: SignalType,
    request: DecodedRequest,
    headers: Readonly<Record<string, string>>,
  ) => void;
}

/** One request as the receiver saw it. */
export interface ReceivedHttpRequest {
  /** From the path; `undefined` when the path names no signal. */
  readonly signal: SignalType | undefined;
  readonly method: string;
  readonly path: string;
  /** Lower-case names; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body came with `Content-Encoding: gzip`. */
  readonly gzip: boolean;
  /** Body size on the wire. */
  readonly bytes: number;
  /** The body, gunzipped when it was gzip. */
  readonly body: Buffer;
  /** The body decoded as the signal's `Export*ServiceRequest`. */
  readonly request: DecodedRequest | undefined;
  /** Why `request` is missing, if it is. */
  readonly decodeError: string | undefined;
  /** `Date.now()` when the body was complete. */
  readonly receivedAt: number;
  /** The client's port: requests with the same one came over the same connection. */
  readonly remotePort: number | undefined;
  /** Common name of the client's TLS certificate (mutual TLS). */
  readonly clientCertificate: string | undefined;
  /** Status of the answer; `undefined` until answered (or forever, for `hang`). */
  readonly status: number | undefined;
}

/** How to answer one request. Every field is optional; `{}` is a plain 200. */
export interface HttpReply {
  /** Default 200. */
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Bytes are sent as they are, a string as text/plain, an object as JSON. */
  readonly body?: Uint8Array | string | Readonly<Record<string, unknown>>;
  /** Send the signal's `Export*ServiceResponse` with this partial success (protobuf). */
  readonly partialSuccess?: { readonly rejected: number; readonly errorMessage?: string };
  /** Answer after this many milliseconds. */
  readonly delayMs?: number;
  /** Never answer; the connection stays open until the client gives up or `close()`. */
  readonly hang?: boolean;
  /**
   * Close the connection without answering, as a collector closing an idle keep-alive connection
   * just as the client reuses it does (the client sees ECONNRESET / "socket hang up").
   */
  readonly reset?: boolean;
}

/**
 * Decides the answer to a request (`count`: requests received so far, this one included).
 * `undefined` answers as the mode would.
 */
export type HttpResponder = (
  request: ReceivedHttpRequest,
  count: number,
) => HttpReply | undefined | Promise<HttpReply | undefined>;

type Obj = Record<string, unknown>;

/** A running receiver. */
export interface HttpReceiver {
  /** `http://127.0.0.1:PORT` (`https://` with `tls`). */
  readonly url: string;
  /** `127.0.0.1:PORT`, for `withEndpoint()`. */
  readonly address: string;
  readonly port: number;
  /** Every request, in arrival order. */
  readonly requests: readonly ReceivedHttpRequest[];
  /** Answers requests instead of the mode (when it returns a reply). Settable at any time. */
  respond: HttpResponder | undefined;
  /** Requests answered 2xx whose body decoded, optionally of one signal. */
  accepted(signal?: SignalType): ReceivedHttpRequest[];
  /** Spans of the accepted requests. */
  spans(): Flattened<Obj>[];
  logs(): Flattened<Obj>[];
  metrics(): Flattened<Obj>[];
  /** Stops listening and destroys every connection, hanging ones too. Never hangs. */
  close(): Promise<void>;
}
