import type { TelemetryConfig } from '@telemetryflow/domain';

/** Headers gRPC itself sets or reserves; a metadata entry for them is dropped. */
const RESERVED = new Set(['content-type', 'te', 'user-agent', 'host', 'connection']);

const isReserved = (key: string): boolean =>
  RESERVED.has(key) || key.startsWith('grpc-') || key.startsWith(':');

/**
 * The metadata each export call carries: `config.getExportHeaders()` with lower-case keys
 * (`authorization`, `x-telemetryflow-key-id`, `x-telemetryflow-key-secret`,
 * `x-telemetryflow-collector-id` when set, the collector identity, environment and API version
 * headers). Never `content-type`: gRPC sends its own `application/grpc`.
 */
export const exportMetadataOf = (config: TelemetryConfig): Readonly<Record<string, string>> => {
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(config.getExportHeaders())) {
    const key = name.toLowerCase();
    if (!isReserved(key)) metadata[key] = value;
  }
  return metadata;
};
