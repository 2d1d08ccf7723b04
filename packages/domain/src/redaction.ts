/** What a secret prints as, everywhere. */
export const REDACTED = '[REDACTED]';

/**
 * Node's `util.inspect.custom`, reached through the global symbol registry so the domain
 * needs no import of `node:util`.
 */
export const inspectCustom: unique symbol = Symbol.for('nodejs.util.inspect.custom');

/**
 * Shortest custom header value treated as a secret, in characters: shorter values (`eu`, `42`)
 * are no credentials and would collide with the words of a message.
 */
export const MIN_SECRET_LENGTH = 8;

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Replaces every occurrence of each of `secrets` in a text with `[REDACTED]`, in one pass, longest
 * secret first (a secret that contains another is removed whole); secrets are text, not patterns.
 * Transports pass every reason and message through one: a collector's status text may echo what it
 * received (a header).
 */
export const createRedactor = (secrets: readonly string[]): ((text: string) => string) => {
  const distinct = [...new Set(secrets.filter((s) => s !== ''))].sort((a, b) => b.length - a.length);
  if (distinct.length === 0) return (text) => text;
  const pattern = new RegExp(distinct.map(escape).join('|'), 'g');
  return (text) => text.replace(pattern, REDACTED);
};
