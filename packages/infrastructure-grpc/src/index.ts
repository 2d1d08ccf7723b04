export { createGrpcTransport, createTransport } from './create-grpc-transport.js';
export type { GrpcTransportOptions, Pem } from './grpc-transport-options.js';
export { EXPORT_METHODS } from './export-methods.js';
export { GrpcStatus } from './grpc-status.js';
export { RETRYABLE_STATUSES } from './status-outcome.js';
export { OTEL_TLS_ENV } from './tls-material.js';
export { GRPC_TRANSPORT_VERSION, GRPC_USER_AGENT } from './version.js';
