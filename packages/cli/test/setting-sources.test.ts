import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OTEL_ENV, TELEMETRYFLOW_ENV } from '@telemetryflow/client';
import { describe, expect, it } from 'vitest';
import { describeConfig } from '../src/config/describe-config.js';
import type { ConfigReport } from '../src/config/describe-config.js';
import { CHECKED_ONLY, SETTING_SOURCES, sourceLabel } from '../src/config/setting-sources.js';
import type { SettingSources, Source } from '../src/config/setting-sources.js';
import { ENV_FILE_GROUPS } from '../src/generate/env-file.js';
import { ROOT } from './helpers.js';

/*
 * The CLI's table of where each setting comes from must be the builder's: these tests build real
 * configurations with the SDK's builder (describeConfig) and check that each variable of each
 * chain drives its setting, that the chains are in the builder's order, and that no variable the
 * builder knows is missing.
 */

type Env = Record<string, string>;

const BASE: Env = {
  TELEMETRYFLOW_API_KEY_ID: 'tfk_base',
  TELEMETRYFLOW_API_KEY_SECRET: 'tfs_base_secret_value',
  TELEMETRYFLOW_SERVICE_NAME: 'base-service',
};

const chained = new Set(SETTING_SOURCES.flatMap((s) => s.chain.map((source) => source.variable)));

/** The rows of `setting` (and below it) in the report of `env`: path → [value, source]. */
const rowsOf = (env: Env, setting: string): Record<string, [unknown, string]> => {
  const report: ConfigReport = describeConfig(env);
  if (!report.ok) throw new Error(`${JSON.stringify(env)}: ${report.message}`);
  return Object.fromEntries(
    report.rows
      .filter((r) => r.setting === setting || r.setting.startsWith(`${setting}.`))
      .map((r) => [r.setting, [r.value, r.source]]),
  );
};

const valuesOf = (rows: Record<string, [unknown, string]>) =>
  Object.fromEntries(Object.entries(rows).map(([path, [value]]) => [path, value]));

/** Settings that only take effect with another one set (the ratio with a ratio sampler, paths with HTTP). */
const CONTEXT: Readonly<Record<string, Env>> = {
  'sampler.ratio': { TELEMETRYFLOW_TRACES_SAMPLER: 'traceidratio' },
  'signalPaths.traces': { TELEMETRYFLOW_PROTOCOL: 'http' },
  'signalPaths.metrics': { TELEMETRYFLOW_PROTOCOL: 'http' },
  'signalPaths.logs': { TELEMETRYFLOW_PROTOCOL: 'http' },
};

/** Two different valid values of `source` for `setting`: the variable drives the setting when they give different values. */
const samples = (setting: string, source: Source): [string, string] => {
  const name = source.variable;
  if (source.key !== undefined) return [`${source.key}=alpha`, `${source.key}=beta`];
  if (source.scheme === true) return ['http://alpha.example:4317', 'https://alpha.example:4317'];
  if (setting.startsWith('signalPaths.'))
    return ['http://alpha.example:4318/a/x', 'http://alpha.example:4318/b/x'];
  if (setting === 'customAttributes') return ['region=eu', 'region=us'];
  if (setting === 'credentials.keyId') return ['tfk_alpha', 'tfk_beta'];
  if (setting === 'credentials.keySecret') return ['tfs_alpha_secret', 'tfs_beta_secret'];
  if (setting === 'sampler.type') return ['always_on', 'always_off'];
  if (setting === 'sampler.ratio') return ['0.25', '0.75'];
  if (setting === 'propagators') return ['tracecontext', 'baggage'];
  if (setting === 'resourceDetectors') return ['host', 'os'];
  if (setting === 'logLevel') return ['error', 'debug'];
  if (setting === 'exemplarFilter') return ['always_on', 'always_off'];
  if (setting === 'metricTemporalityPreference') return ['delta', 'lowmemory'];
  if (setting === 'histogramAggregation')
    return ['base2_exponential_bucket_histogram', 'explicit_bucket_histogram'];
  if (setting === 'disabled') return ['true', 'false'];
  if (setting.startsWith('tls.')) return ['/etc/alpha.pem', '/etc/beta.pem'];
  if (name === 'TELEMETRYFLOW_PROTOCOL') return ['grpc', 'http'];
  if (name === 'OTEL_EXPORTER_OTLP_PROTOCOL') return ['grpc', 'http/protobuf'];
  if (/^OTEL_(TRACES|METRICS|LOGS)_EXPORTER$/.test(name)) return ['none', 'otlp'];
  if (/^OTEL_EXPORTER_OTLP_.*COMPRESSION$/.test(name)) return ['none', 'gzip'];
  if (/HEADERS$/.test(name)) return ['x-alpha=alpha-value-1', 'x-beta=beta-value-2'];
  if (/^OTEL_.*ENDPOINT$/.test(name)) return ['http://alpha.example:4317', 'http://beta.example:4317'];
  if (/ENDPOINT$/.test(name)) return ['alpha.example:4317', 'beta.example:4317'];
  if (/QUEUE_SIZE$/.test(name)) return ['4096', '8192'];
  if (/(TIMEOUT|DELAY|INTERVAL|BACKOFF|LIMIT|SIZE|RETRIES|BYTES)$/.test(name)) return ['1234', '2345'];
  if (/(INSECURE|COMPRESSION|ENABLED|ENABLE_\w+|V2_API|V2_ONLY)$/.test(name)) return ['true', 'false'];
  return ['alpha', 'beta']; // names: service, environment, collector identity
};

/** `env` with `source` set to `value` (a resource attribute is added to the others). */
const withSource = (env: Env, source: Source, value: string): Env => {
  const current = env[source.variable];
  const joined = source.key !== undefined && current !== undefined ? `${current},${value}` : value;
  return { ...env, [source.variable]: joined };
};

/** BASE without any variable of the chain, with the setting's context. */
const baseFor = (entry: SettingSources): Env => {
  const env: Env = { ...BASE, ...CONTEXT[entry.setting] };
  for (const source of entry.chain) delete env[source.variable];
  // A required setting needs some value: the chain under test provides it.
  return env;
};

const cases = SETTING_SOURCES.flatMap((entry) =>
  entry.chain.map((source) => [entry.setting, sourceLabel(source), entry, source] as const),
);

describe('SETTING_SOURCES', () => {
  it('has every variable the builder reads: every TELEMETRYFLOW_ENV and OTEL_ENV name', () => {
    const names = [...Object.values(TELEMETRYFLOW_ENV), ...Object.values(OTEL_ENV)];
    expect(names.filter((name) => !chained.has(name))).toEqual([]);
  });

  it('has every variable docs/ENVIRONMENT.md says the SDK reads', () => {
    const doc = readFileSync(join(ROOT, 'docs/ENVIRONMENT.md'), 'utf8');
    const documented = new Set<string>();
    for (const line of doc.split('\n')) {
      const cells = line.split('|').map((cell) => cell.trim());
      const [first = '', second = ''] = cells.slice(1);
      // The conformance table's unsupported rows ("no", "not yet") are not read.
      if (!/^`(TELEMETRYFLOW|OTEL|ENV)/.test(first) || /^(no|not)\b/.test(second)) continue;
      const names = [...first.matchAll(/`([A-Z_{}]+)`/g)].map((m) => m[1] as string);
      const full = names[0] ?? '';
      for (const name of names) {
        // `_EXPORT_TIMEOUT` after `OTEL_BLRP_SCHEDULE_DELAY`: the first name's prefix, to an underscore.
        const expanded = name.startsWith('_')
          ? [...full.matchAll(/_/g)].map((m) => full.slice(0, m.index) + name)
          : [name];
        for (const signal of ['TRACES', 'METRICS', 'LOGS']) {
          const candidates = expanded.map((n) => n.replace('{SIGNAL}', signal));
          const known = candidates.find((n) => chained.has(n) || CHECKED_ONLY.includes(n));
          documented.add(known ?? `${candidates[0] ?? name} (documented, in no chain)`);
        }
      }
    }
    expect(documented.size).toBeGreaterThan(90);
    expect([...documented].filter((name) => name.endsWith('(documented, in no chain)'))).toEqual([]);
  });

  it.each(cases)('%s: %s drives it', (setting, label, entry, source) => {
    const [a, b] = samples(setting, source);
    const rowsA = rowsOf(withSource(baseFor(entry), source, a), setting);
    const rowsB = rowsOf(withSource(baseFor(entry), source, b), setting);
    expect(Object.values(rowsA).map(([, s]) => s)).toContain(label);
    if (setting !== 'credentials.keySecret') expect(valuesOf(rowsA)).not.toEqual(valuesOf(rowsB));
    else expect(rowsA[setting]).toEqual(['[REDACTED]', label]); // never shown: only its source
  });

  const pairs = SETTING_SOURCES.flatMap((entry) =>
    entry.chain.slice(1).map((later, i) => {
      const earlier = entry.chain[i] as Source;
      return [entry.setting, sourceLabel(earlier), sourceLabel(later), entry, earlier, later] as const;
    }),
  );

  it.each(pairs)('%s: %s wins over %s', (setting, earlierLabel, _laterLabel, entry, earlier, later) => {
    const [a] = samples(setting, earlier);
    const [, b] = samples(setting, later);
    const alone = rowsOf(withSource(baseFor(entry), earlier, a), setting);
    const both = rowsOf(withSource(withSource(baseFor(entry), earlier, a), later, b), setting);
    expect(valuesOf(both)).toEqual(valuesOf(alone));
    expect(Object.values(both).map(([, s]) => s)).toContain(earlierLabel);
  });
});

describe('.env.telemetryflow variables', () => {
  const variables = ENV_FILE_GROUPS.flatMap((group) => group.variables);

  it('are every TELEMETRYFLOW_* variable, once', () => {
    expect(variables.map((v) => v.name).sort()).toEqual(Object.values(TELEMETRYFLOW_ENV).sort());
  });

  it.each(variables.filter((v) => v.default !== undefined).map((v) => [v.name, v.default as string]))(
    '%s=%s is the SDK default: setting it changes nothing',
    (name, value) => {
      const values = (env: Env) => {
        const report = describeConfig(env);
        if (!report.ok) throw new Error(report.message);
        return report.rows.map((r) => [r.setting, r.value]);
      };
      expect(values({ ...BASE, [name]: value })).toEqual(values(BASE));
    },
  );
});
