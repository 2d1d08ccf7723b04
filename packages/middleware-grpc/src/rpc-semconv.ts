/**
 * The RPC semantic conventions as the TelemetryFlow Go SDK emits them (the experimental set of
 * semantic conventions 1.37 and before): `rpc.system`, `rpc.service`, `rpc.method`,
 * `rpc.grpc.status_code`, and the duration histograms in seconds.
 */
export const METRIC_CLIENT_DURATION = 'rpc.client.duration';
export const METRIC_SERVER_DURATION = 'rpc.server.duration';

/** gRPC status names by code (grpc/grpc doc/statuscodes.md); `error.type` takes them. */
const STATUS_NAMES: readonly string[] = [
  'OK',
  'CANCELLED',
  'UNKNOWN',
  'INVALID_ARGUMENT',
  'DEADLINE_EXCEEDED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED',
  'FAILED_PRECONDITION',
  'ABORTED',
  'OUT_OF_RANGE',
  'UNIMPLEMENTED',
  'INTERNAL',
  'UNAVAILABLE',
  'DATA_LOSS',
  'UNAUTHENTICATED',
];

const OK = 0;
const CANCELLED = 1;
const DEADLINE_EXCEEDED = 4;

/** The name of a gRPC status code (`UNAVAILABLE`), `_OTHER` for a code gRPC does not define. */
export const statusName = (code: number): string => STATUS_NAMES[code] ?? '_OTHER';

/** Codes that are the server's failure; the others are the caller's (NOT_FOUND, INVALID_ARGUMENT, …). */
const SERVER_FAILURES: ReadonlySet<number> = new Set([2, 4, 12, 13, 14, 15]);

/**
 * Whether a call ended in failure, as the conventions set span status: on the client any code but
 * OK; on the server only UNKNOWN, DEADLINE_EXCEEDED, UNIMPLEMENTED, INTERNAL, UNAVAILABLE, DATA_LOSS.
 */
export const isFailure = (side: 'client' | 'server', code: number): boolean =>
  side === 'client' ? code !== OK : SERVER_FAILURES.has(code);

/** A method as the conventions split it. */
export interface RpcMethod {
  /** `package.Service/Method`: the span name. */
  readonly name: string;
  /** `rpc.service`: `package.Service`. */
  readonly service: string;
  /** `rpc.method`: `Method`. */
  readonly method: string;
}

/** `/package.Service/Method` (grpc-js's `path`) split into service and method. */
export const methodOf = (path: string): RpcMethod => {
  const name = path.startsWith('/') ? path.slice(1) : path;
  const slash = name.lastIndexOf('/');
  return slash < 0
    ? { name, service: '', method: name }
    : { name, service: name.slice(0, slash), method: name.slice(slash + 1) };
};

/** `host:port`, `[v6]:port` or `host` split; the port only when one is written. */
const hostPort = (text: string): { address?: string; port?: number } => {
  const match = /^\[([^\]]+)\](?::(\d+))?$/.exec(text) ?? /^([^:]+)(?::(\d+))?$/.exec(text);
  if (match === null) return text === '' ? {} : { address: text };
  const [, address, port] = match;
  return port === undefined ? { address } : { address, port: Number(port) };
};

/** Name-resolution schemes grpc-js knows; any other prefix is part of a `host:port` target. */
const SCHEMES: ReadonlySet<string> = new Set([
  'dns',
  'ipv4',
  'ipv6',
  'unix',
  'unix-abstract',
  'vsock',
  'xds',
]);

const serverAttributes = (hostPortList: string): Record<string, string | number> => {
  const { address, port } = hostPort(hostPortList.split(',')[0] ?? '');
  const attributes: Record<string, string | number> = {};
  if (address !== undefined) attributes['server.address'] = address;
  if (port !== undefined) attributes['server.port'] = port;
  return attributes;
};

/**
 * `server.address` / `server.port` from a channel target as grpc-js reports it before connecting
 * (`dns:127.0.0.1:50051`, `dns:///api.example.com:443`, `ipv4:10.0.0.1:50051`, `unix:/tmp/s.sock`).
 */
export const serverOf = (target: string): Record<string, string | number> => {
  const match = /^([a-z][a-z0-9+.-]*):(?:\/\/[^/]*)?(.*)$/i.exec(target);
  const scheme = match?.[1]?.toLowerCase() ?? '';
  if (!SCHEMES.has(scheme)) return serverAttributes(target);
  const path = match?.[2] ?? '';
  if (scheme.startsWith('unix')) return path === '' ? {} : { 'server.address': path };
  return serverAttributes(path.replace(/^\//, ''));
};

/** `network.peer.address` / `.port` from a server call's peer (`127.0.0.1:52144`, `[::1]:52144`). */
export const peerOf = (peer: string): Record<string, string | number> => {
  const { address, port } = hostPort(peer);
  if (address === undefined || address === 'unknown') return {};
  return port === undefined
    ? { 'network.peer.address': address }
    : { 'network.peer.address': address, 'network.peer.port': port };
};

/**
 * The status of a server call that was cancelled before it sent one: grpc-js ends a call whose
 * deadline passed without showing its status to interceptors, and the client gives up at its own
 * deadline, which comes before the server's by the time the request took to arrive. So a cancel in
 * the last tenth of the call's time (at most the last second) counts as DEADLINE_EXCEEDED; any
 * earlier one is the client's CANCELLED.
 */
export const cancelledStatus = (startedAt: number, deadline: number, now: number): number => {
  if (!Number.isFinite(deadline)) return CANCELLED;
  const slack = Math.min(1000, Math.max(0, deadline - startedAt) / 10);
  return now >= deadline - slack ? DEADLINE_EXCEEDED : CANCELLED;
};
