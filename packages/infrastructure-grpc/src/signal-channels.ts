import type * as Grpc from '@grpc/grpc-js';
import type * as OtlpGrpc from '@opentelemetry/otlp-grpc-exporter-base';
import type { SignalType, TelemetryConfig } from '@telemetryflow/domain';
import { channelCredentialsOf, unrefCredentials } from './channel-credentials.js';
import { channelOptionsOf, channelTargetOf } from './channel-options.js';
import { exportMetadataOf } from './export-metadata.js';
import type { GrpcRoute } from './grpc-transport.js';
import { loadGrpc, loadOtlpGrpc } from './lazy-modules.js';
import type { TlsMaterial } from './tls-material.js';

/**
 * OpenTelemetry's `createEmptyMetadata()`, when it comes from the grpc-js this package loaded: the
 * helper requires grpc-js from its own location, and a second copy's `Metadata` is not `instanceof`
 * ours, so grpc-js's `Client` would take it for call options.
 */
const emptyMetadata = (grpc: typeof Grpc, otlp: typeof OtlpGrpc): Grpc.Metadata => {
  const metadata = otlp.createEmptyMetadata();
  return metadata instanceof grpc.Metadata ? metadata : new grpc.Metadata();
};

/**
 * Opens the route of each signal on demand (`signalSettings(signal)`: target, TLS or plaintext,
 * compression, headers), sharing channels: one per distinct (target, TLS or plaintext,
 * compression), so signals that go to the same endpoint share a channel and its connection, and
 * a configuration without per-signal settings has exactly one. Compression is part of the key
 * because grpc-js 1.14 compresses per channel (`grpc.default_compression_algorithm`), not per
 * call. Every TLS channel uses the same CA and client certificate (`tls`).
 */
export const createSignalChannels = (
  config: TelemetryConfig,
  tls: TlsMaterial,
): ((signal: SignalType) => GrpcRoute) => {
  const channels = new Map<string, Grpc.Client>();
  return (signal) => {
    const grpc = loadGrpc();
    const otlp = loadOtlpGrpc();
    const settings = config.signalSettings(signal);
    const target = channelTargetOf(settings.endpoint);
    // Built first: a channel is opened only for a route that is then kept (and closed at shutdown).
    const metadata = emptyMetadata(grpc, otlp);
    for (const [name, value] of Object.entries(exportMetadataOf(settings.headers))) metadata.set(name, value);
    const key = `${settings.insecure ? 'plaintext' : 'tls'} ${settings.compression ? 'gzip' : 'identity'} ${target}`;
    let client = channels.get(key);
    if (client === undefined) {
      const credentials = unrefCredentials(grpc, channelCredentialsOf(otlp, settings.insecure, tls));
      client = new grpc.Client(target, credentials, channelOptionsOf(config, settings.compression));
      channels.set(key, client);
    }
    return { client, metadata, tls: !settings.insecure, target };
  };
};
