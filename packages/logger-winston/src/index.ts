export { createWinstonTransport } from './winston-transport.js';
export { WINSTON_SEVERITY_NUMBERS, winstonSeverityNumber } from './winston-levels.js';
export type { LoggerBridgeClient, WinstonTransportOptions } from './winston-types.js';
