import { ALL_SIGNALS, REDACTED } from '@telemetryflow/domain';
import type { TelemetryConfig } from '@telemetryflow/domain';

/**
 * Shortest custom header value treated as a secret, in characters: shorter values (`eu`, `42`)
 * are no credentials and would collide with the words of a message (as in the builder's
 * redaction of the key secret).
 */
export const MIN_SECRET_LENGTH = 8;

/**
 * What must never appear in a reason or message: the API key secret, and every custom header
 * value (client-wide and per signal) of at least {@link MIN_SECRET_LENGTH} characters, since a
 * gateway key or tenant token travels as a custom header.
 */
export const secretsOf = (config: TelemetryConfig): string[] => {
  const custom = [config.headers, ...ALL_SIGNALS.map((s) => config.signalOverrides[s]?.headers ?? {})]
    .flatMap((headers) => Object.values(headers))
    .filter((value) => value.length >= MIN_SECRET_LENGTH);
  return [config.credentials.keySecret, ...custom];
};

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Replaces every occurrence of each of `secrets` in a text with `[REDACTED]`. Server status
 * messages are free text a collector may fill with what it received (an echoed header), so
 * every reason and message the transport returns goes through this. One pass, longest secret
 * first: a secret that contains another is removed whole.
 */
export const createRedactor = (secrets: readonly string[]): ((text: string) => string) => {
  const distinct = [...new Set(secrets.filter((s) => s !== ''))].sort((a, b) => b.length - a.length);
  if (distinct.length === 0) return (text) => text;
  const pattern = new RegExp(distinct.map(escape).join('|'), 'g');
  return (text) => text.replace(pattern, REDACTED);
};
