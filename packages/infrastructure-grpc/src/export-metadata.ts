/** Headers gRPC itself sets or reserves; a metadata entry for them is dropped. */
const RESERVED = new Set(['content-type', 'te', 'user-agent', 'host', 'connection']);

const isReserved = (key: string): boolean =>
  RESERVED.has(key) || key.startsWith('grpc-') || key.startsWith(':');

/**
 * The metadata of a signal's export calls: its headers (`config.signalSettings(signal).headers`:
 * `authorization`, `x-telemetryflow-key-id`, `x-telemetryflow-key-secret`, the collector
 * identity, environment and API version headers, then the custom and per-signal headers) with
 * lower-case keys. Never `content-type`: gRPC sends its own `application/grpc`.
 */
export const exportMetadataOf = (
  headers: Readonly<Record<string, string>>,
): Readonly<Record<string, string>> => {
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const key = name.toLowerCase();
    if (!isReserved(key)) metadata[key] = value;
  }
  return metadata;
};
