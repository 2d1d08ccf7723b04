import {
  EXEMPLAR_FILTERS,
  HISTOGRAM_AGGREGATIONS,
  LOG_LEVELS,
  SAMPLER_NAMES,
  TEMPORALITY_PREFERENCES,
} from '@telemetryflow/domain';
import type {
  DiagnosticLogLevel,
  ExemplarFilter,
  HistogramAggregation,
  PropagatorName,
  SamplerName,
  TemporalityPreference,
} from '@telemetryflow/domain';
import { quote } from './env.js';
import type { Parsed } from './env.js';

/*
 * Parsers of the OpenTelemetry SDK environment variables (specification: "Environment Variable
 * Specification", "OTLP Exporter Configuration"). Where the specification says an invalid value
 * is ignored with a warning, we report it at build() instead, naming the variable, like every
 * other variable here: a typo in production configuration should not go unnoticed.
 */

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });

const fail = <T>(name: string, message: string): Parsed<T> => ({
  ok: false,
  problem: { field: name, message: `${name} ${message}` },
});

const list = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');

/** One of `values`, case-insensitive (as the specification reads enum values). */
const oneOf =
  <T extends string>(values: readonly T[]) =>
  (name: string, raw: string): Parsed<T> => {
    const word = raw.trim().toLowerCase();
    if (values.includes(word as T)) return ok(word as T);
    return fail(name, `must be one of ${list(values)}, got ${quote(raw)}`);
  };

/**
 * The specification's booleans: `true` or `false`, case-insensitive. Anything else is reported
 * (the specification reads it as false, which for `OTEL_SDK_DISABLED=1` would silently keep the
 * SDK on).
 */
export const parseOtelBoolean = (name: string, raw: string): Parsed<boolean> => {
  const word = raw.trim().toLowerCase();
  if (word === 'true') return ok(true);
  if (word === 'false') return ok(false);
  return fail(name, `must be 'true' or 'false', got ${quote(raw)}`);
};

/** `gzip` or `none` (OTLP exporter `…_COMPRESSION`). */
export const parseOtlpCompression = (name: string, raw: string): Parsed<boolean> => {
  const word = raw.trim().toLowerCase();
  if (word === 'gzip') return ok(true);
  if (word === 'none') return ok(false);
  return fail(name, `must be 'gzip' or 'none', got ${quote(raw)}`);
};

const decode = (text: string): string | undefined => {
  try {
    return decodeURIComponent(text.trim());
  } catch {
    return undefined;
  }
};

/**
 * `OTEL_EXPORTER_OTLP_HEADERS`: `name1=value1,name2=value2`, values percent-decoded (the W3C
 * Baggage format the specification names). Messages give the entry's position, never its text:
 * header values are often credentials. Names and values are checked by the configuration.
 */
export const parseOtlpHeaders = (name: string, raw: string): Parsed<Record<string, string>> => {
  const headers: Record<string, string> = {};
  const entries = raw.split(',');
  for (const [index, entry] of entries.entries()) {
    if (entry.trim() === '') continue;
    const at = entry.indexOf('=');
    const key = at < 0 ? undefined : decode(entry.slice(0, at));
    const value = at < 0 ? undefined : decode(entry.slice(at + 1));
    if (key === undefined || key === '' || value === undefined) {
      return fail(
        name,
        `entry ${index + 1} is malformed (expected name=value, comma-separated, values percent-encoded; value not shown)`,
      );
    }
    headers[key] = value;
  }
  return ok(headers);
};

/** Samplers other SDKs know that this one does not implement. */
const UNSUPPORTED_SAMPLERS = new Set(['jaeger_remote', 'parentbased_jaeger_remote', 'xray']);

/** One of the `OTEL_TRACES_SAMPLER` names this SDK implements, case-insensitive. */
export const parseSamplerName = (name: string, raw: string): Parsed<SamplerName> => {
  const word = raw.trim().toLowerCase();
  if (SAMPLER_NAMES.includes(word as SamplerName)) return ok(word as SamplerName);
  const why = UNSUPPORTED_SAMPLERS.has(word) ? 'is not supported by this SDK' : 'is unknown';
  return fail(name, `${quote(raw)} ${why}; use one of ${list(SAMPLER_NAMES)}`);
};

/** A sampling probability, a decimal number from 0 to 1 (`OTEL_TRACES_SAMPLER_ARG`). */
export const parseRatio = (name: string, raw: string): Parsed<number> => {
  const text = raw.trim();
  const value = /^(?:\d+(?:\.\d*)?|\.\d+)$/.test(text) ? Number(text) : Number.NaN;
  if (value >= 0 && value <= 1) return ok(value);
  return fail(name, `must be a number from 0 to 1 (a sampling probability), got ${quote(raw)}`);
};

const KNOWN_PROPAGATORS = new Set(['tracecontext', 'baggage']);
const OTHER_PROPAGATORS = new Set(['b3', 'b3multi', 'jaeger', 'xray', 'ottrace']);

/** `OTEL_PROPAGATORS`: `tracecontext`, `baggage` (comma-separated), or `none`. */
export const parsePropagators = (name: string, raw: string): Parsed<PropagatorName[]> => {
  const words = raw
    .split(',')
    .map((w) => w.trim().toLowerCase())
    .filter((w) => w !== '');
  if (words.length === 1 && words[0] === 'none') return ok([]);
  const unsupported = words.filter((w) => !KNOWN_PROPAGATORS.has(w));
  if (unsupported.length > 0) {
    const first = unsupported[0] ?? '';
    const why =
      first === 'none'
        ? "'none' cannot be combined with others"
        : OTHER_PROPAGATORS.has(first)
          ? `${quote(first)} is not supported by this SDK`
          : `${quote(first)} is unknown`;
    return fail(name, `${why}; use 'tracecontext', 'baggage' (comma-separated) or 'none'`);
  }
  return ok([...new Set(words)] as PropagatorName[]);
};

/** `OTEL_LOG_LEVEL`, case-insensitive. */
export const parseLogLevel: (name: string, raw: string) => Parsed<DiagnosticLogLevel> = oneOf(LOG_LEVELS);

/** `OTEL_METRICS_EXEMPLAR_FILTER`, case-insensitive. */
export const parseExemplarFilter: (name: string, raw: string) => Parsed<ExemplarFilter> =
  oneOf(EXEMPLAR_FILTERS);

/**
 * `OTEL_{TRACES,METRICS,LOGS}_EXPORTER`: `otlp` (the default) keeps the signal on, `none` turns
 * it off; this SDK has no other exporters (console, zipkin, prometheus…): those are reported.
 */
export const parseExporterSelection = (name: string, raw: string): Parsed<boolean> => {
  const words = raw
    .split(',')
    .map((w) => w.trim().toLowerCase())
    .filter((w) => w !== '');
  if (words.length === 1 && words[0] === 'none') return ok(false);
  const other = words.find((w) => w !== 'otlp');
  if (other === undefined) return ok(true);
  return fail(name, `${quote(other)} is not supported: this SDK exports over OTLP only ('otlp' or 'none')`);
};

/** `OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE`: `cumulative`, `delta` or `lowmemory`. */
export const parseTemporalityPreference: (name: string, raw: string) => Parsed<TemporalityPreference> =
  oneOf(TEMPORALITY_PREFERENCES);

/** `OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION`. */
export const parseHistogramAggregation: (name: string, raw: string) => Parsed<HistogramAggregation> =
  oneOf(HISTOGRAM_AGGREGATIONS);
