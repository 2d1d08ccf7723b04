import type { Problem } from './errors.js';
import { isSafeHeaderValue } from './header-value.js';

// Letters, digits, '-', '_' and '.': a name both an HTTP/1.1 token (RFC 9110 §5.1) and a gRPC
// metadata key (lower-cased on the wire) accept.
const HEADER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** Set by HTTP, HTTP/2 or gRPC themselves: a custom value would break the request. */
const PROTOCOL_HEADERS = new Set([
  'connection',
  'content-encoding',
  'content-length',
  'content-type',
  'host',
  'keep-alive',
  'te',
  'transfer-encoding',
  'upgrade',
  'user-agent',
]);

/** Why a custom header `name` cannot be used, or `undefined` when it can. */
const reservedReason = (name: string): string | undefined => {
  const lower = name.toLowerCase();
  if (PROTOCOL_HEADERS.has(lower) || lower.startsWith('grpc-')) return 'is set by the transport';
  if (lower === 'authorization' || lower.startsWith('x-telemetryflow-')) {
    return 'is set by the SDK from the API key and collector settings';
  }
  if (lower.endsWith('-bin')) return 'names binary gRPC metadata, which headers cannot carry';
  return undefined;
};

/**
 * Problems with custom headers given as `field` (`headers`, `signalOverrides.traces.headers`).
 * Names are letters, digits, `-`, `_`, `.`; values printable ASCII. Messages name the header,
 * never its value (a header often carries a credential).
 */
export const headerProblems = (field: string, headers: unknown): Problem[] => {
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) {
    return [{ field, message: `${field} must be an object of header names to string values` }];
  }
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
    if (!HEADER_NAME.test(name)) {
      problems.push({
        field,
        message: `${field} has an invalid header name (letters, digits, '-', '_' and '.' only)`,
      });
      continue;
    }
    const reserved = reservedReason(name);
    if (reserved !== undefined) {
      problems.push({ field: `${field}.${name}`, message: `${field}.${name} ${reserved}` });
    } else if (seen.has(name.toLowerCase())) {
      problems.push({
        field: `${field}.${name}`,
        message: `${field} has '${name}' twice (names ignore case)`,
      });
    } else if (typeof value !== 'string' || !isSafeHeaderValue(value)) {
      problems.push({
        field: `${field}.${name}`,
        message: `${field}.${name} must be a string of printable ASCII (value not shown)`,
      });
    }
    seen.add(name.toLowerCase());
  }
  return problems;
};

/** `headers` with each value replaced by `redacted`: what JSON and `inspect` show. */
export const redactHeaders = (
  headers: Readonly<Record<string, string>>,
  redacted: string,
): Record<string, string> => Object.fromEntries(Object.keys(headers).map((name) => [name, redacted]));
