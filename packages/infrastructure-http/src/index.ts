export { createHttpTransport, createTransport } from './create-http-transport.js';
export type { HttpTransportOptions, Pem } from './http-transport-options.js';
export { OTEL_TLS_ENV } from './tls-settings.js';
