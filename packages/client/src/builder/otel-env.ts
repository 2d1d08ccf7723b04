import { Protocol, controlCharacterIndex } from '@telemetryflow/domain';
import type { Problem } from '@telemetryflow/domain';
import type { Parsed } from './env.js';
import { quote } from './env.js';

/** Resource attribute keys that feed builder settings instead of becoming custom attributes. */
export const OTEL_SERVICE_KEYS = Object.freeze({
  name: 'service.name',
  version: 'service.version',
  namespace: 'service.namespace',
  environment: ['deployment.environment.name', 'deployment.environment'] as const,
});

const RESERVED_KEYS: ReadonlySet<string> = new Set([
  OTEL_SERVICE_KEYS.name,
  OTEL_SERVICE_KEYS.version,
  OTEL_SERVICE_KEYS.namespace,
  ...OTEL_SERVICE_KEYS.environment,
]);

export interface ResourceAttributes {
  /** Every well-formed entry, keys and values trimmed and percent-decoded. */
  readonly all: Readonly<Record<string, string>>;
  /** The entries that are not service settings: they become custom attributes. */
  readonly custom: Readonly<Record<string, string>>;
  /** Set when some entries are malformed; names the variable. */
  readonly problem?: Problem;
}

const decode = (text: string): string | undefined => {
  try {
    return decodeURIComponent(text.trim());
  } catch {
    return undefined;
  }
};

/** Parses OTel's `key1=value1,key2=value2` (values percent-encoded). Empty entries are skipped. */
export const parseResourceAttributes = (name: string, raw: string): ResourceAttributes => {
  const all: Record<string, string> = {};
  const custom: Record<string, string> = {};
  const malformed: string[] = [];
  for (const entry of raw.split(',')) {
    if (entry.trim() === '') continue;
    const at = entry.indexOf('=');
    const key = at < 0 ? undefined : decode(entry.slice(0, at));
    const value = at < 0 ? undefined : decode(entry.slice(at + 1));
    if (key === undefined || key === '' || value === undefined) {
      malformed.push(quote(entry.trim()));
      continue;
    }
    all[key] = value;
    if (!RESERVED_KEYS.has(key)) custom[key] = value;
  }
  if (malformed.length === 0) return { all, custom };
  const problem = {
    field: name,
    message: `${name} has malformed entries ${malformed.join(', ')} (expected key=value, comma-separated, values percent-encoded)`,
  };
  return { all, custom, problem };
};

/** An `OTEL_EXPORTER_OTLP_ENDPOINT`, kept until the protocol is known (at `build()`). */
export interface OtlpEndpoint {
  /** The value as given (trimmed, without trailing slash). */
  readonly url: string;
  /** Absent when the value was a bare `host:port`. */
  readonly scheme?: 'http' | 'https';
  /** Host as in a URL (IPv6 in brackets); only with a scheme. */
  readonly host?: string;
  readonly port?: number;
}

/** OTLP's default gRPC port, used when the URL has none. */
export const OTLP_GRPC_PORT = 4317;

const HAS_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;

/**
 * Accepts an `http(s)://` URL, or a bare `host:port`. Messages never echo the value, which may
 * hold credentials.
 */
export const parseOtlpEndpoint = (name: string, raw: string): Parsed<OtlpEndpoint> => {
  const url = raw.trim().replace(/\/+$/, '');
  const fail = (why: string): Parsed<OtlpEndpoint> => ({
    ok: false,
    problem: { field: name, message: `${name} ${why}` },
  });
  // Checked before URL parsing, which silently strips CR, LF and TAB (the domain checks bare host:port).
  if (controlCharacterIndex(url) >= 0) return fail('must not contain control characters');
  if (!HAS_SCHEME.test(url)) return { ok: true, value: { url } };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return fail('is not a valid URL (e.g. http://localhost:4317)');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return fail('must start with http:// or https://');
  }
  if (parsed.username !== '' || parsed.password !== '') {
    return fail('must not contain credentials; use the API key settings');
  }
  if (parsed.search !== '' || parsed.hash !== '') return fail('must not have a query or fragment');
  const scheme = parsed.protocol === 'https:' ? 'https' : 'http';
  const port = parsed.port === '' ? undefined : Number(parsed.port);
  return {
    ok: true,
    value: { url, scheme, host: parsed.hostname, ...(port === undefined ? {} : { port }) },
  };
};

/**
 * The builder endpoint for `protocol`: gRPC takes `host:port` (port 4317 when absent, any path
 * dropped), HTTP keeps the URL. `insecure` follows the scheme; absent for a bare `host:port`.
 */
export const resolveOtlpEndpoint = (
  otlp: OtlpEndpoint,
  protocol: Protocol,
): { readonly endpoint: string; readonly insecure?: boolean } => {
  if (otlp.scheme === undefined) return { endpoint: otlp.url };
  const insecure = otlp.scheme === 'http';
  if (protocol === Protocol.HTTP) return { endpoint: otlp.url, insecure };
  return { endpoint: `${otlp.host ?? ''}:${otlp.port ?? OTLP_GRPC_PORT}`, insecure };
};
