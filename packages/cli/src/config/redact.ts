import { MIN_SECRET_LENGTH, TELEMETRYFLOW_ENV, createRedactor } from '@telemetryflow/client';

const HEADER_VARIABLES = /^(TELEMETRYFLOW_HEADERS|OTEL_EXPORTER_OTLP_(?:(?:TRACES|METRICS|LOGS)_)?HEADERS)$/;

const decoded = (text: string): string => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

/**
 * The secrets `env` holds: the API key secret and every custom header value, as written and
 * percent-decoded.
 */
export const secretsOf = (env: Readonly<Record<string, string | undefined>>): string[] => {
  const secrets = [env[TELEMETRYFLOW_ENV.API_KEY_SECRET]?.trim() ?? ''];
  for (const [name, raw] of Object.entries(env)) {
    if (raw === undefined || !HEADER_VARIABLES.test(name)) continue;
    for (const entry of raw.split(',')) {
      const value = entry.slice(entry.indexOf('=') + 1).trim();
      if (entry.includes('=')) secrets.push(value, decoded(value));
    }
  }
  return secrets.filter((s) => s.length >= MIN_SECRET_LENGTH);
};

/**
 * Replaces every secret of `env` in `text` with `[REDACTED]`. Belt and braces: the configuration's
 * JSON and the builder's messages already leave them out; this guards every line the CLI prints.
 */
export const redactorFor = (env: Readonly<Record<string, string | undefined>>): ((text: string) => string) =>
  createRedactor(secretsOf(env));
