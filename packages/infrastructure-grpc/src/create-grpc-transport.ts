import { ALL_SIGNALS, Protocol, createRedactor } from '@telemetryflow/domain';
import type {
  ExportTransport,
  ExportTransportFactory,
  TelemetryConfig,
  TransportContext,
} from '@telemetryflow/domain';
import { checkTlsMaterial } from './channel-credentials.js';
import type { GrpcTransportOptions } from './grpc-transport-options.js';
import { GrpcTransport } from './grpc-transport.js';
import { loadModules, loadTransformer } from './lazy-modules.js';
import { createResponseReader } from './partial-success.js';

import { createSignalChannels } from './signal-channels.js';
import { hasTlsSettings, resolveTlsMaterial } from './tls-material.js';

/** Tells the builder's `withExporter()` which protocol the factory speaks. */
const FACTORY_PROTOCOL = { protocol: Protocol.GRPC } as const;

/**
 * A factory of OTLP/gRPC transports for the TelemetryFlow client. Each `initialize()` of the
 * client calls it with the configuration: it reads the TLS files named by
 * `OTEL_EXPORTER_OTLP_CERTIFICATE`, `…_CLIENT_CERTIFICATE` and `…_CLIENT_KEY` for options not
 * given; at the first export it loads `@grpc/grpc-js` and opens a channel to the signal's
 * endpoint (`config.signalSettings(signal)`: TLS unless `insecure`, its metadata and compression),
 * shared by every signal with the same endpoint: one channel without per-signal endpoints. See
 * docs/TRANSPORT-GRPC.md for metadata, compression, deadlines and the outcome of each status code.
 *
 * @throws {ConfigError} from the factory (so from the client's `initialize()`) when a TLS file
 * cannot be read (naming the variable), only one of the client certificate and key is given,
 * or the certificates are not usable
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { TelemetryFlowBuilder } from '@telemetryflow/client';
 * import { createGrpcTransport } from '@telemetryflow/infrastructure-grpc';
 *
 * const client = new TelemetryFlowBuilder()
 *   .withApiKey('tfk_…', 'tfs_…')
 *   .withEndpoint('collector.internal:4317')
 *   .withService('checkout')
 *   .withExporter(createGrpcTransport({ ca: readFileSync('/etc/ssl/collector-ca.pem') }))
 *   .build()
 *   .initialize();
 * ```
 */
export const createGrpcTransport = (options: GrpcTransportOptions = {}): ExportTransportFactory =>
  Object.assign(function grpcTransportFactory(
    config: TelemetryConfig,
    context: TransportContext,
  ): ExportTransport {
    const env = options.env ?? process.env;
    const secure = ALL_SIGNALS.map((signal) => !config.signalSettings(signal).insecure);
    // Unused only when no signal's channel uses TLS; a plaintext signal next to TLS ones is deliberate.
    if (!secure.includes(true) && hasTlsSettings(options, env)) {
      context.report(
        'TF_GRPC_TLS_IGNORED',
        'gRPC TLS certificates are configured but not used: the connection is insecure (plaintext)',
      );
    }
    // TLS files are read and checked now, so a bad one fails initialize(); grpc-js itself (about
    // 25 ms to load) and the channels wait for the first export.
    const tls = secure.includes(true) ? resolveTlsMaterial(options, env) : {};
    if (secure.includes(true)) checkTlsMaterial(tls);
    let readResponse: ReturnType<typeof createResponseReader> | undefined;
    return new GrpcTransport({
      connect: createSignalChannels(config, tls),
      ready: loadModules,
      readResponse: (signal, response) =>
        (readResponse ??= createResponseReader(loadTransformer()))(signal, response),
      redact: createRedactor(config.getSecretValues()),
      maxSendMessageSize: config.grpcMaxSendMessageSize,
    });
  }, FACTORY_PROTOCOL);

/**
 * The OTLP/gRPC transport factory with default options (TLS settings from the
 * `OTEL_EXPORTER_OTLP_*` variables): what `TelemetryFlowBuilder#withGrpc()` and the default
 * protocol resolve when this package is installed.
 *
 * @example
 * ```ts
 * import { TelemetryConfig, TelemetryFlowClient } from '@telemetryflow/client';
 * import { createTransport } from '@telemetryflow/infrastructure-grpc';
 *
 * const client = new TelemetryFlowClient(config, { transport: createTransport });
 * ```
 */
export const createTransport: ExportTransportFactory = createGrpcTransport();
