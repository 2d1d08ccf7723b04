export { createPinoDestination } from './pino-destination.js';
export { PINO_LEVELS, pinoSeverityNumber } from './pino-levels.js';
export type { LoggerBridgeClient, PinoDestination, PinoDestinationOptions } from './pino-types.js';
