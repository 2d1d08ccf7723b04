import type { ChannelOptions } from '@grpc/grpc-js';
import type { TelemetryConfig } from '@telemetryflow/domain';
import { GRPC_USER_AGENT } from './version.js';

/** grpc-js `compressionAlgorithms.gzip`. */
const GZIP = 2;

/**
 * grpc-js channel options from the configuration: user agent, keepalive, message size limits,
 * gzip when `compression` is on. grpc-js's own retries are off: the SDK's export pipeline
 * retries (and counts) failed exports, so the transport makes exactly one attempt per `send`.
 */
export const channelOptionsOf = (config: TelemetryConfig): ChannelOptions => ({
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
  ...(config.compression ? { 'grpc.default_compression_algorithm': GZIP } : {}),
});

/** The channel target, `host:port` (IPv6 hosts in brackets). */
export const channelTargetOf = (config: TelemetryConfig): string => {
  const { host, port } = config.parsedEndpoint;
  return host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
};
