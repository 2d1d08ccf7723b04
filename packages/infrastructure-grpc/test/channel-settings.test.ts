import { describe, expect, it } from 'vitest';
import { channelOptionsOf, channelTargetOf } from '../src/channel-options.js';
import { exportMetadataOf } from '../src/export-metadata.js';
import { grpcTimeoutOf } from '../src/grpc-transport.js';
import { GRPC_TRANSPORT_VERSION, GRPC_USER_AGENT } from '../src/index.js';
import { KEY_ID, SECRET, configFor } from './support/fixtures.js';

describe('exportMetadataOf', () => {
  it("sends a signal's export headers with lower-case keys", () => {
    const config = configFor('collector:4317', {
      collectorId: 'col-7',
      collectorName: 'edge',
      environment: 'staging',
      useV2Api: true,
    });

    expect(exportMetadataOf(config.signalSettings('traces').headers)).toEqual({
      authorization: `Bearer ${KEY_ID}:${SECRET}`,
      'x-telemetryflow-key-id': KEY_ID,
      'x-telemetryflow-key-secret': SECRET,
      'x-telemetryflow-collector-id': 'col-7',
      'x-telemetryflow-collector-name': 'edge',
      'x-telemetryflow-environment': 'staging',
      'x-telemetryflow-api-version': 'v2',
    });
  });

  it("adds the custom headers, lower-cased, with a signal's own over the common ones", () => {
    const config = configFor('collector:4317', {
      headers: { 'X-Gateway-Key': 'gw-common-key', 'x-tenant-id': 'acme' },
      signalOverrides: { metrics: { headers: { 'x-gateway-key': 'gw-metrics-key' } } },
    });

    expect(exportMetadataOf(config.signalSettings('traces').headers)).toMatchObject({
      'x-gateway-key': 'gw-common-key',
      'x-tenant-id': 'acme',
    });
    expect(exportMetadataOf(config.signalSettings('metrics').headers)).toMatchObject({
      'x-gateway-key': 'gw-metrics-key',
      'x-tenant-id': 'acme',
    });
  });

  it('never sends content-type or other headers gRPC reserves', () => {
    const keys = Object.keys(exportMetadataOf(configFor('collector:4317').signalSettings('logs').headers));

    expect(keys).not.toContain('content-type');
    expect(keys.filter((k) => k !== k.toLowerCase() || k.startsWith('grpc-'))).toEqual([]);
  });
});

describe('channelOptionsOf', () => {
  it('names this SDK in the user agent', () => {
    expect(channelOptionsOf(configFor('collector:4317'))['grpc.primary_user_agent']).toBe(
      `telemetryflow-node-grpc/${GRPC_TRANSPORT_VERSION}`,
    );
    expect(GRPC_USER_AGENT).toMatch(/^telemetryflow-node-grpc\/\d+\.\d+\.\d+/);
  });

  it('takes keepalive and message sizes from the configuration', () => {
    const config = configFor('collector:4317', {
      grpcKeepalive: { timeMs: 20_000, timeoutMs: 3_000, permitWithoutStream: false },
      grpcMaxSendMessageSize: 1_000_000,
      grpcMaxReceiveMessageSize: 2_000_000,
    });

    expect(channelOptionsOf(config)).toMatchObject({
      'grpc.keepalive_time_ms': 20_000,
      'grpc.keepalive_timeout_ms': 3_000,
      'grpc.keepalive_permit_without_calls': 0,
      'grpc.max_send_message_length': 1_000_000,
      'grpc.max_receive_message_length': 2_000_000,
    });
  });

  it("selects gzip by a signal's compression when given, else the configuration's", () => {
    const config = configFor('c:1', { compression: true });

    expect(channelOptionsOf(config, false)).not.toHaveProperty('grpc.default_compression_algorithm');
    expect(channelOptionsOf(config.with({ compression: false }), true)).toMatchObject({
      'grpc.default_compression_algorithm': 2,
    });
  });

  it('selects gzip only when compression is on', () => {
    expect(
      channelOptionsOf(configFor('c:1', { compression: true }))['grpc.default_compression_algorithm'],
    ).toBe(2);
    expect(channelOptionsOf(configFor('c:1', { compression: false }))).not.toHaveProperty(
      'grpc.default_compression_algorithm',
    );
  });

  it("turns grpc-js's own retries off: the SDK retries and counts them", () => {
    expect(channelOptionsOf(configFor('c:1'))['grpc.enable_retries']).toBe(0);
  });

  it('reconnects to a collector that went away at least every 5 s, as the SDK retries', () => {
    expect(channelOptionsOf(configFor('c:1'))).toMatchObject({
      'grpc.initial_reconnect_backoff_ms': 1_000,
      'grpc.max_reconnect_backoff_ms': 5_000,
    });
  });
});

describe('channelTargetOf', () => {
  it('is host:port, with IPv6 hosts in brackets', () => {
    expect(channelTargetOf('collector.internal:4317')).toBe('collector.internal:4317');
    expect(channelTargetOf('[::1]:4317')).toBe('[::1]:4317');
    expect(channelTargetOf(configFor('[::1]:4317').signalSettings('traces').endpoint)).toBe('[::1]:4317');
  });
});

describe('grpcTimeoutOf', () => {
  it('writes the deadline in the finest unit that fits eight digits, rounding up', () => {
    expect(grpcTimeoutOf(0)).toBe('0m');
    expect(grpcTimeoutOf(150)).toBe('150m');
    expect(grpcTimeoutOf(0.4)).toBe('1m');
    expect(grpcTimeoutOf(99_999_999)).toBe('99999999m');
    expect(grpcTimeoutOf(100_000_000)).toBe('100000S');
    expect(grpcTimeoutOf(2_147_483_647)).toBe('2147484S');
    expect(grpcTimeoutOf(Number.MAX_SAFE_INTEGER)).toBe('99999999H');
  });
});
