/** What a secret prints as, everywhere. */
export const REDACTED = '[REDACTED]';

/**
 * Node's `util.inspect.custom`, reached through the global symbol registry so the domain
 * needs no import of `node:util`.
 */
export const inspectCustom: unique symbol = Symbol.for('nodejs.util.inspect.custom');
