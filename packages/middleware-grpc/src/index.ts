export { grpcTelemetry } from './grpc-telemetry.js';
export type { GrpcTelemetry } from './grpc-telemetry.js';
export type { GrpcTelemetryClient, GrpcTelemetryOptions } from './grpc-telemetry-options.js';
export { METRIC_CLIENT_DURATION, METRIC_SERVER_DURATION } from './rpc-semconv.js';
