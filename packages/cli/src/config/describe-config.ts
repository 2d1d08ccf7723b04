import { BuilderError, TelemetryFlowBuilder } from '@telemetryflow/client';
import type { ExportTransport, Problem } from '@telemetryflow/client';
import {
  SETTING_SOURCES,
  firstSetSource,
  isSourceSet,
  readVar,
  sourceLabel,
  sourcesOf,
} from './setting-sources.js';

type Environment = Readonly<Record<string, string | undefined>>;

/** A JSON value of the configuration: `undefined` when the setting is unset. */
export type ConfigValue = string | number | boolean | readonly string[] | undefined;

/** One effective setting: its dotted path, its value (secrets redacted), and the variable it came from or `default`. */
export interface ConfigRow {
  readonly setting: string;
  readonly value: ConfigValue;
  readonly source: string;
}

/** Where a signal is sent. */
export interface SignalRow {
  readonly signal: 'traces' | 'metrics' | 'logs';
  readonly enabled: boolean;
  /** gRPC: `host:port`; HTTP: the full URL, path included. */
  readonly url: string;
}

/** What `describeConfig` found: the effective configuration, or why the builder refuses it. */
export type ConfigReport =
  | {
      readonly ok: true;
      /** `OTEL_SDK_DISABLED=true`: the SDK would build a no-op client. */
      readonly disabled: boolean;
      readonly rows: readonly ConfigRow[];
      readonly signals: readonly SignalRow[];
    }
  | {
      readonly ok: false;
      /** `OTEL_SDK_DISABLED=true`: the app would still get a (no-op) client. */
      readonly disabled: boolean;
      readonly message: string;
      readonly problems: readonly Problem[];
    };

/** Stands in for the transport package: `config` only builds, it never exports. */
const NO_EXPORT: ExportTransport = {
  send: () => Promise.resolve({ status: 'failed', reason: 'telemetryflow-gen config does not export' }),
  shutdown: () => Promise.resolve(),
};

/** `TelemetryConfig#toJSON()` as dotted paths; an empty object is one row with no value. */
const flatten = (value: unknown, path: string, out: [string, unknown][]): [string, unknown][] => {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    out.push([path, value]);
    return out;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) out.push([path, undefined]);
  for (const [key, inner] of entries) flatten(inner, path === '' ? key : `${path}.${key}`, out);
  return out;
};

const sourceFor = (env: Environment, setting: string, value: unknown): string => {
  if (value === undefined) return 'default';
  const chain = sourcesOf(setting)?.chain ?? [];
  const source = firstSetSource(env, chain);
  return source === undefined ? 'default' : sourceLabel(source);
};

const asValue = (value: unknown): ConfigValue =>
  Array.isArray(value) ? value.map(String) : (value as ConfigValue);

/**
 * The configuration `new TelemetryFlowBuilder(env).withAutoConfiguration()` builds, as rows with
 * the source of each value, and where each signal goes. Built with the real builder (only the
 * transport is a stand-in, so no transport package is needed), so values and problems are exactly
 * the SDK's. Secrets are redacted (`TelemetryConfig#toJSON()`): the API key secret and every custom
 * header value.
 * @param env the variables to read; default `process.env`
 */
export const describeConfig = (env: Environment = process.env): ConfigReport => {
  // A disabled client builds whatever else is wrong (OTEL_SDK_DISABLED skips validation).
  let disabled = false;
  try {
    disabled = new TelemetryFlowBuilder(env)
      .withAutoConfiguration()
      .withExporter(NO_EXPORT)
      .build()
      .getStatus().disabled;
  } catch (error) {
    if (!(error instanceof BuilderError)) throw error;
  }
  let config;
  try {
    // withDisabled(false): validate even when OTEL_SDK_DISABLED would skip validation.
    config = new TelemetryFlowBuilder(env)
      .withAutoConfiguration()
      .withDisabled(false)
      .withExporter(NO_EXPORT)
      .build().config;
  } catch (error) {
    if (!(error instanceof BuilderError)) throw error;
    return { ok: false, disabled, message: error.message, problems: error.problems };
  }
  const rows: ConfigRow[] = [
    { setting: 'disabled', value: disabled, source: sourceFor(env, 'disabled', disabled) },
    ...flatten(config.toJSON(), '', []).map(([setting, value]) => ({
      setting,
      value: asValue(value),
      source: sourceFor(env, setting, value),
    })),
    // Read by the transports, not part of the configuration: shown when set.
    ...SETTING_SOURCES.filter((s) => s.transport === true && isSourceSet(env, s.chain[0]!)).map((s) => ({
      setting: s.setting,
      value: readVar(env, s.chain[0]!.variable),
      source: sourceLabel(s.chain[0]!),
    })),
  ];
  const signals = (['traces', 'metrics', 'logs'] as const).map((signal) => ({
    signal,
    enabled: config.isSignalEnabled(signal),
    url: config.getSignalUrl(signal),
  }));
  return { ok: true, disabled, rows, signals };
};

const text = (value: ConfigValue): string => {
  if (value === undefined) return '(unset)';
  if (Array.isArray(value)) return value.length === 0 ? '(none)' : value.join(',');
  return String(value);
};

/** The report as aligned text lines: one line per setting, then the signals. */
export const formatConfigReport = (report: Extract<ConfigReport, { ok: true }>): string => {
  const width = (pick: (r: ConfigRow) => string) => Math.max(...report.rows.map((r) => pick(r).length));
  const settingWidth = width((r) => r.setting);
  const valueWidth = Math.min(
    48,
    width((r) => text(r.value)),
  );
  const lines = report.rows.map(
    (r) => `${r.setting.padEnd(settingWidth)}  ${text(r.value).padEnd(valueWidth)}  ${r.source}`,
  );
  const signals = report.signals.map((s) => `  ${s.signal.padEnd(8)} ${s.enabled ? s.url : '(disabled)'}`);
  const header = `${'setting'.padEnd(settingWidth)}  ${'value'.padEnd(valueWidth)}  source`;
  const disabled = report.disabled
    ? [
        'OTEL_SDK_DISABLED=true: the SDK builds a no-op client; the settings below apply once it is enabled.',
        '',
      ]
    : [];
  return [...disabled, header, ...lines, '', 'signals sent to:', ...signals, ''].join('\n');
};
