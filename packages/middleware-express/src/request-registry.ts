import type { RequestTelemetry } from '@telemetryflow/middleware-core';

/** The telemetry of each request in flight, so the error middleware can find it. */
export const requestTelemetry = new WeakMap<object, RequestTelemetry>();
