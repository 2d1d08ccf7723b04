export { instrumentHttpClient } from './instrument-http-client.js';
export type { HttpClientInstrumentation } from './instrument-http-client.js';
export type { HttpClientInstrumentationOptions, InstrumentedClient, OutgoingHttpRequest } from './options.js';
export { METRIC_CLIENT_REQUEST_DURATION, clientErrorTypeOf, urlFullOf } from './outgoing-span.js';
