export { TelemetryFlowModule } from './telemetry-flow-module.js';
export { InjectTelemetryFlow, TELEMETRYFLOW_CLIENT } from './tokens.js';
export type {
  NestHttpRequest,
  TelemetryFlowModuleAsyncOptions,
  TelemetryFlowModuleOptions,
} from './module-options.js';
export type { HttpTelemetryOptions, SpanNameInfo } from '@telemetryflow/middleware-core';
