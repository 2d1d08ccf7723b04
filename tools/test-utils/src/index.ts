export { freePort } from './free-port.js';
export { inMemoryClient } from './in-memory-client.js';
export type { InMemoryClientConstructor } from './in-memory-client.js';
export { InMemoryTransport } from './in-memory-transport.js';
export type { Attempt, Delivery, Responder } from './in-memory-transport.js';
export {
  PROTO_DIR,
  SERVICE_PROTOS,
  decodeRequest,
  encodeRequest,
  encodeResponse,
  protoFiles,
} from './otlp-decoder.js';
export type { DecodedRequest } from './otlp-decoder.js';
export { anyValue, attributes, logsOf, metricsOf, spansOf } from './otlp-views.js';
export type { Flattened } from './otlp-views.js';
export { AMPLE_MS, waitFor } from './wait-for.js';
export {
  baseUrlOf,
  closeServer,
  delay,
  metricPoints,
  postInChunks,
  receivedLogs,
  receivedSpans,
  serverSpans,
  total,
  traceparentFor,
  unitOf,
} from './http-testing.js';
export type { Point } from './http-testing.js';
