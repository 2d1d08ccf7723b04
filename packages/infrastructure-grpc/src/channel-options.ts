import type { ChannelOptions } from '@grpc/grpc-js';
import { Protocol, parseEndpoint } from '@telemetryflow/domain';
import type { TelemetryConfig } from '@telemetryflow/domain';
import { GRPC_USER_AGENT } from './version.js';

/** grpc-js `compressionAlgorithms.gzip`. */
const GZIP = 2;

/**
 * grpc-js channel options from the configuration: user agent, keepalive, message size limits,
 * gzip when `compression` is on (a signal's own setting; default the client's). grpc-js's own
 * retries are off: the SDK's export pipeline retries (and counts) failed exports, so the
 * transport makes exactly one attempt per `send`.
 */
export const channelOptionsOf = (
  config: TelemetryConfig,
  compression: boolean = config.compression,
): ChannelOptions => ({
  'grpc.primary_user_agent': GRPC_USER_AGENT,
  'grpc.keepalive_time_ms': config.grpcKeepalive.timeMs,
  'grpc.keepalive_timeout_ms': config.grpcKeepalive.timeoutMs,
  'grpc.keepalive_permit_without_calls': config.grpcKeepalive.permitWithoutStream ? 1 : 0,
  'grpc.max_send_message_length': config.grpcMaxSendMessageSize,
  'grpc.max_receive_message_length': config.grpcMaxReceiveMessageSize,
  'grpc.enable_retries': 0,
  // Reconnect to a collector that went away at least every 5 s (grpc-js waits up to 120 s by
  // default), matching the SDK's own retry backoff: a collector that is back gets data within 5 s.
  'grpc.initial_reconnect_backoff_ms': 1_000,
  'grpc.max_reconnect_backoff_ms': 5_000,
  // No DNS TXT lookups for a service config (which could turn retries or load balancing on).
  'grpc.service_config_disable_resolution': 1,
  ...(compression ? { 'grpc.default_compression_algorithm': GZIP } : {}),
});

/**
 * The channel target of an endpoint (a signal's `signalSettings(signal).endpoint`), `host:port`
 * with IPv6 hosts in brackets. The configuration validated it; an endpoint that does not parse
 * is passed to grpc-js as it is.
 */
export const channelTargetOf = (endpoint: string): string => {
  const parsed = parseEndpoint(endpoint, Protocol.GRPC);
  if (!parsed.ok) return endpoint;
  const { host, port } = parsed.endpoint;
  return host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
};
