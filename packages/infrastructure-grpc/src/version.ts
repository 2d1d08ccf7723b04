import packageJson from '../package.json' with { type: 'json' };

/** This package's version (inlined at build time). */
export const GRPC_TRANSPORT_VERSION: string = packageJson.version;

/**
 * Sent as `grpc.primary_user_agent`; grpc-js appends its own, e.g.
 * `telemetryflow-node-grpc/0.1.0 grpc-node-js/1.14.7`.
 */
export const GRPC_USER_AGENT = `telemetryflow-node-grpc/${GRPC_TRANSPORT_VERSION}`;
