import { REDACTED } from '@telemetryflow/domain';

/**
 * Replaces every occurrence of `secret` in a text. Server status messages are free text a
 * collector may fill with what it received (an echoed header), so every reason and message
 * the transport returns goes through this.
 */
export const createRedactor =
  (secret: string): ((text: string) => string) =>
  (text) =>
    secret === '' ? text : text.split(secret).join(REDACTED);
