import { CredentialsError } from './errors.js';
import type { Problem } from './errors.js';
import { isSafeHeaderToken } from './header-value.js';
import { REDACTED, inspectCustom } from './redaction.js';

export const KEY_ID_PREFIX = 'tfk_';
export const KEY_SECRET_PREFIX = 'tfs_';

const validate = (keyId: unknown, keySecret: unknown): Problem[] => {
  const problems: Problem[] = [];
  const check = (field: string, label: string, value: unknown, prefix: string): void => {
    if (typeof value !== 'string' || value.length === 0) {
      problems.push({ field, message: `${label} is required` });
    } else if (!value.startsWith(prefix)) {
      problems.push({ field, message: `${label} must start with '${prefix}'` });
    } else if (value.length === prefix.length) {
      problems.push({ field, message: `${label} must have characters after '${prefix}'` });
    } else if (!isSafeHeaderToken(value)) {
      // Never echo the value: it may be (part of) a secret.
      problems.push({
        field,
        message: `${label} may only contain printable ASCII characters without spaces`,
      });
    }
  };
  check('keyId', 'API key ID', keyId, KEY_ID_PREFIX);
  check('keySecret', 'API key secret', keySecret, KEY_SECRET_PREFIX);
  return problems;
};

/**
 * TelemetryFlow API key pair (value object). Validated once when created; the secret never
 * appears in `String()`, `JSON.stringify`, `util.inspect` or error messages.
 */
export class Credentials {
  static readonly KEY_ID_PREFIX = KEY_ID_PREFIX;
  static readonly KEY_SECRET_PREFIX = KEY_SECRET_PREFIX;

  readonly #keyId: string;
  readonly #keySecret: string;

  /** @throws {CredentialsError} listing every problem with the pair. */
  constructor(keyId: string, keySecret: string) {
    const problems = validate(keyId, keySecret);
    if (problems.length > 0) throw new CredentialsError(problems);
    this.#keyId = keyId;
    this.#keySecret = keySecret;
    Object.freeze(this);
  }

  /** Same as `new Credentials(keyId, keySecret)`. */
  static create(keyId: string, keySecret: string): Credentials {
    return new Credentials(keyId, keySecret);
  }

  get keyId(): string {
    return this.#keyId;
  }

  /** The secret itself, for transports. Prefer {@link authHeaders}. */
  get keySecret(): string {
    return this.#keySecret;
  }

  /** `Bearer {keyId}:{keySecret}` */
  authorizationHeader(): string {
    return `Bearer ${this.#keyId}:${this.#keySecret}`;
  }

  /** Authorization, X-TelemetryFlow-Key-ID and X-TelemetryFlow-Key-Secret. */
  authHeaders(): Record<string, string> {
    return {
      Authorization: this.authorizationHeader(),
      'X-TelemetryFlow-Key-ID': this.#keyId,
      'X-TelemetryFlow-Key-Secret': this.#keySecret,
    };
  }

  equals(other: Credentials | null | undefined): boolean {
    return (
      other instanceof Credentials && other.#keyId === this.#keyId && other.#keySecret === this.#keySecret
    );
  }

  toString(): string {
    return `Credentials(keyId=${this.#keyId}, keySecret=${REDACTED})`;
  }

  toJSON(): { keyId: string; keySecret: string } {
    return { keyId: this.#keyId, keySecret: REDACTED };
  }

  [inspectCustom](): string {
    return this.toString();
  }
}
