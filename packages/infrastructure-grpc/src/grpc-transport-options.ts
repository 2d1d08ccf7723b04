/** A PEM-encoded certificate or key. */
export type Pem = string | Buffer;

/** Options of {@link createGrpcTransport}. Every one is optional. */
export interface GrpcTransportOptions {
  /**
   * CA certificate(s) the collector's certificate is verified against, instead of the system
   * CAs. Default: the file in `OTEL_EXPORTER_OTLP_CERTIFICATE`, else the system CAs.
   */
  readonly ca?: Pem;
  /**
   * Client certificate (chain) for mutual TLS; needs `key`. Default: the file in
   * `OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE`.
   */
  readonly cert?: Pem;
  /** Private key of `cert`. Default: the file in `OTEL_EXPORTER_OTLP_CLIENT_KEY`. */
  readonly key?: Pem;
  /**
   * Where the `OTEL_EXPORTER_OTLP_*` certificate variables are read, when the transport is
   * created (at the client's `initialize()`). Default: `process.env`.
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
}
