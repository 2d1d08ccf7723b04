import { ConfigError, Protocol } from '@telemetryflow/domain';
import type {
  ExportTransport,
  ExportTransportFactory,
  TelemetryConfig,
  TransportContext,
} from '@telemetryflow/domain';
import { createConnectionPools, proxySecrets } from './connection-pools.js';
import { HttpTransport } from './http-transport.js';
import { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_MAX_SOCKETS } from './http-transport-options.js';
import type { HttpTransportOptions } from './http-transport-options.js';
import { resolveTls } from './tls-settings.js';

const checkPositiveInt = (field: string, value: number | undefined): void => {
  if (value !== undefined && !(Number.isSafeInteger(value) && value > 0)) {
    throw new ConfigError([{ field, message: `${field} must be a positive integer` }]);
  }
};

/**
 * A factory of OTLP/HTTP transports: each client `initialize()` gets a transport that POSTs
 * `application/x-protobuf` to `config.getSignalUrl(signal)` (`/v1/{signal}`, `/v2/{signal}` with
 * the TelemetryFlow v2 API, the configured path, on the signal's own endpoint when it has one)
 * with the signal's headers (`config.signalSettings(signal).headers`: auth, identity, custom),
 * over https (http only when `insecure` or an `http://` URL), on one keep-alive connection pool
 * per scheme (and proxy) in use, closed at shutdown.
 *
 * Proxies: like curl and most HTTP clients, requests go through the proxy named by `HTTPS_PROXY`
 * (https endpoints) or `HTTP_PROXY` (http endpoints), else `ALL_PROXY`, lower-case names first,
 * unless `NO_PROXY` lists the collector's host; read at `initialize()`. http endpoints get an
 * absolute-URI request to the proxy, https ones a `CONNECT` tunnel with TLS to the collector inside.
 * A proxy URL's `user:password` is sent as `Proxy-Authorization: Basic` and kept out of reasons.
 * An `agent` option wins over all of this.
 *
 * TLS material not given here comes from the files named by `OTEL_EXPORTER_OTLP_CERTIFICATE`,
 * `OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE` and `OTEL_EXPORTER_OTLP_CLIENT_KEY`, read at `initialize()`
 * when some signal's URL is https; every https request uses it.
 *
 * @throws {ConfigError} for an invalid `maxResponseBytes` / `maxSockets`, or `ca` / `cert` / `key` /
 * `maxSockets` together with `agent`; the returned factory
 * throws a `ConfigError` naming the variable when a TLS file cannot be read
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { TelemetryFlowBuilder } from '@telemetryflow/client';
 * import { createHttpTransport } from '@telemetryflow/infrastructure-http';
 *
 * const client = new TelemetryFlowBuilder()
 *   .withApiKey('tfk_my_key_id', 'tfs_my_key_secret')
 *   .withEndpoint('collector.internal:4318')
 *   .withService('checkout')
 *   .withHttp()
 *   .withExporter(createHttpTransport({ ca: readFileSync('/etc/telemetryflow/ca.pem') }))
 *   .build()
 *   .initialize();
 * ```
 */
export const createHttpTransport = (options: HttpTransportOptions = {}): ExportTransportFactory => {
  checkPositiveInt('maxResponseBytes', options.maxResponseBytes);
  checkPositiveInt('maxSockets', options.maxSockets);
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const maxSockets = options.maxSockets ?? DEFAULT_MAX_SOCKETS;
  const { agent } = options;
  if (agent !== undefined) {
    const ignored = (['ca', 'cert', 'key', 'maxSockets'] as const).filter((f) => options[f] !== undefined);
    if (ignored.length > 0) {
      throw new ConfigError(
        ignored.map((field) => ({
          field,
          message: `${field} does not apply with agent: configure TLS and pool size on the agent itself`,
        })),
      );
    }
  }
  const factory = function createHttpExportTransport(
    config: TelemetryConfig,
    context: TransportContext,
  ): ExportTransport {
    const pools = createConnectionPools(config, { maxSockets, agent, tls: () => resolveTls(options) });
    return new HttpTransport({ config, context, pools, maxResponseBytes, secrets: proxySecrets(config) });
  };
  // Tells the builder's withExporter() which protocol the factory speaks.
  return Object.assign(factory, { protocol: Protocol.HTTP } as const);
};

/**
 * The default OTLP/HTTP transport factory (`createHttpTransport()`), which the client's
 * `withHttp()` resolves.
 * @example
 * ```ts
 * const client = new TelemetryFlowBuilder().withAutoConfiguration().withHttp().build().initialize();
 * ```
 */
export const createTransport: ExportTransportFactory = createHttpTransport();
