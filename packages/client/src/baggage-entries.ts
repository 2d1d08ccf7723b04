/** W3C Baggage keys are RFC 7230 tokens. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Longest `key=value` entry, percent-encoded, that OpenTelemetry JS's W3C baggage propagator sends
 * (a longer one is skipped silently, so it is refused here, where it can be reported).
 */
export const MAX_BAGGAGE_ENTRY_LENGTH = 4_096;

const MAX_KEY_SHOWN = 64;

const shown = (key: string): string =>
  key.length > MAX_KEY_SHOWN ? `'${key.slice(0, MAX_KEY_SHOWN)}…'` : `'${key}'`;

/** Entries `withBaggage` can use, and why the others were dropped (one reason each). */
export interface BaggageEntries {
  readonly valid: Readonly<Record<string, string>>;
  readonly problems: readonly string[];
}

/** The percent-encoded length of an entry; `undefined` for a lone surrogate (`encodeURIComponent` throws). */
const encodedLength = (key: string, value: string): number | undefined => {
  try {
    return encodeURIComponent(key).length + 1 + encodeURIComponent(value).length;
  } catch {
    return undefined;
  }
};

/**
 * Checks `withBaggage` input: an object whose keys are W3C tokens and whose values are strings
 * (any text: the propagator percent-encodes them) of at most 4096 characters encoded together with
 * their key. Never throws: unreadable input and bad entries become problems.
 */
export const baggageEntriesOf = (entries: unknown): BaggageEntries => {
  if (typeof entries !== 'object' || entries === null || Array.isArray(entries)) {
    return { valid: {}, problems: ['withBaggage entries must be an object of string values'] };
  }
  const valid: Record<string, string> = {};
  const problems: string[] = [];
  let keys: string[];
  try {
    keys = Object.keys(entries);
  } catch {
    return { valid: {}, problems: ['withBaggage entries cannot be read'] };
  }
  for (const key of keys) {
    let value: unknown;
    try {
      value = (entries as Record<string, unknown>)[key];
    } catch {
      problems.push(`baggage entry ${shown(key)} cannot be read`);
      continue;
    }
    if (!TOKEN.test(key)) {
      problems.push(`baggage key ${shown(key)} is not a W3C token (letters, digits, !#$%&'*+-.^_\`|~)`);
    } else if (typeof value !== 'string') {
      problems.push(`baggage value of ${shown(key)} is not a string`);
    } else {
      const length = encodedLength(key, value);
      if (length === undefined) problems.push(`baggage value of ${shown(key)} is not well-formed UTF-16`);
      else if (length > MAX_BAGGAGE_ENTRY_LENGTH) {
        problems.push(
          `baggage entry ${shown(key)} is longer than ${MAX_BAGGAGE_ENTRY_LENGTH} characters encoded`,
        );
      } else {
        // Defined, not assigned: a `__proto__` key stays an entry.
        Object.defineProperty(valid, key, { value, enumerable: true, configurable: true, writable: true });
      }
    }
  }
  return { valid, problems };
};
