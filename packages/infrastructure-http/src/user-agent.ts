import packageJson from '../package.json' with { type: 'json' };

/** This package's version (inlined at build time). */
export const VERSION: string = packageJson.version;

/** `User-Agent` of every export request: this SDK, its version, the transport and the runtime. */
export const USER_AGENT = `TelemetryFlow-Node-SDK/${VERSION} (OTLP/HTTP protobuf; Node.js ${process.version})`;
