import { ALL_SIGNALS } from '@telemetryflow/domain';
import type { SignalOverrides, SignalType, SpanLimitSettings } from '@telemetryflow/domain';
import type { BuilderOptions, BuilderState } from './builder-state.js';
import { parseInteger, parseOtlpProtocol, readFirst, readVar } from './env.js';
import type { IntegerRule, Parsed } from './env.js';
import { BATCH_ENV, LIMIT_ENV, OTEL_ENV, TELEMETRYFLOW_ENV as TF, otlpSignalVar } from './env-names.js';
import type { Environment } from './env-names.js';
import { parseOtlpEndpoint } from './otel-env.js';
import {
  parseExemplarFilter,
  parseHistogramAggregation,
  parseTemporalityPreference,
  parseExporterSelection,
  parseLogLevel,
  parseOtelBoolean,
  parseOtlpCompression,
  parseOtlpHeaders,
  parsePropagators,
  parseRatio,
  parseSamplerName,
} from './otel-parsers.js';
import { parseResourceDetectors } from './otel-resource-detectors.js';

/*
 * The settings this SDK added for the OpenTelemetry environment (sampling, headers, per-signal
 * export, limits, propagators…): each from its TELEMETRYFLOW_* variable when there is one, else
 * from the OTEL_* variable. As everywhere in the builder, only variables that are set are applied
 * and a value that does not parse is reported by build(), naming the variable.
 */

type Loader = (state: BuilderState, env: Environment) => void;

const MS: IntegerRule = { min: 1, unit: 'milliseconds' };
const COUNT: IntegerRule = { min: 1 };

const integer =
  (rule: IntegerRule) =>
  (name: string, raw: string): Parsed<number> =>
    parseInteger(name, raw, rule);

/** The first of `names` that is set, parsed by `parse`; `undefined` when none is set. */
const first = <T>(
  env: Environment,
  names: readonly string[],
  parse: (name: string, raw: string) => Parsed<T>,
): Parsed<T> | undefined => {
  const found = readFirst(env, names);
  return found === undefined ? undefined : parse(found.name, found.value);
};

/** Applies the first set variable of `names` to option `key`. */
const option = <K extends keyof BuilderOptions>(
  state: BuilderState,
  env: Environment,
  key: K,
  names: readonly string[],
  parse: (name: string, raw: string) => Parsed<NonNullable<BuilderOptions[K]>>,
): void => state.applyParsed(first(env, names, parse), key, (value) => state.set(key, value));

/** Applies the first set variable of `names` to one field of a signal's overrides. */
const override = <K extends keyof SignalOverrides>(
  state: BuilderState,
  env: Environment,
  signal: SignalType,
  key: K,
  names: readonly string[],
  parse: (name: string, raw: string) => Parsed<NonNullable<SignalOverrides[K]>>,
): void =>
  state.applyParsed(first(env, names, parse), `signalOverrides.${signal}.${key}`, (value) =>
    state.setOverride(signal, key, value),
  );

const limit = (
  state: BuilderState,
  env: Environment,
  group: 'spanLimits' | 'logRecordLimits',
  key: keyof SpanLimitSettings,
  name: string,
): void =>
  state.applyParsed(first(env, [name], integer(COUNT)), `${group}.${key}`, (value) =>
    state.setLimit(group, key, value),
  );

/** `OTEL_SDK_DISABLED=true`: `build()` returns a no-op client. */
const loadDisabled: Loader = (state, env) => {
  state.applyParsed(first(env, [OTEL_ENV.SDK_DISABLED], parseOtelBoolean), undefined, (disabled) => {
    state.disabled = disabled;
  });
};

/** Client-wide export settings the OTLP exporter variables can give (after the TELEMETRYFLOW_* ones). */
const loadExporter: Loader = (state, env) => {
  option(state, env, 'headers', [TF.HEADERS, OTEL_ENV.EXPORTER_OTLP_HEADERS], parseOtlpHeaders);
  // TELEMETRYFLOW_TIMEOUT (seconds), _COMPRESSION and _INSECURE are read by loadTransportSettings.
  if (readVar(env, TF.TIMEOUT) === undefined) {
    option(state, env, 'timeoutMs', [OTEL_ENV.EXPORTER_OTLP_TIMEOUT], integer(MS));
  }
  if (readVar(env, TF.COMPRESSION) === undefined) {
    option(state, env, 'compression', [OTEL_ENV.EXPORTER_OTLP_COMPRESSION], parseOtlpCompression);
  }
  if (readVar(env, TF.INSECURE) === undefined) {
    option(state, env, 'insecure', [OTEL_ENV.EXPORTER_OTLP_INSECURE], parseOtelBoolean);
  }
  const signals = [
    ['traces', TF.ENABLE_TRACES, OTEL_ENV.TRACES_EXPORTER, 'enableTraces'],
    ['metrics', TF.ENABLE_METRICS, OTEL_ENV.METRICS_EXPORTER, 'enableMetrics'],
    ['logs', TF.ENABLE_LOGS, OTEL_ENV.LOGS_EXPORTER, 'enableLogs'],
  ] as const;
  for (const [, own, otel, key] of signals) {
    if (readVar(env, own) === undefined) option(state, env, key, [otel], parseExporterSelection);
  }
};

const TLS_VARS = [
  ['CERTIFICATE', OTEL_ENV.EXPORTER_OTLP_CERTIFICATE],
  ['CLIENT_KEY', OTEL_ENV.EXPORTER_OTLP_CLIENT_KEY],
  ['CLIENT_CERTIFICATE', OTEL_ENV.EXPORTER_OTLP_CLIENT_CERTIFICATE],
] as const;

const SIGNAL_ENDPOINT_VARS: Readonly<Record<SignalType, string>> = {
  traces: TF.TRACES_ENDPOINT,
  metrics: TF.METRICS_ENDPOINT,
  logs: TF.LOGS_ENDPOINT,
};

/** `OTEL_EXPORTER_OTLP_{SIGNAL}_*` and the batch processor variables of one signal. */
const loadSignal = (state: BuilderState, env: Environment, signal: SignalType): void => {
  const own = readVar(env, SIGNAL_ENDPOINT_VARS[signal]);
  if (own !== undefined) {
    state.setOverride(signal, 'endpoint', own);
  } else {
    const name = otlpSignalVar(signal, 'ENDPOINT');
    state.applyParsed(first(env, [name], parseOtlpEndpoint), `signalOverrides.${signal}.endpoint`, (otlp) => {
      state.otlpSignalEndpoints[signal] = { ...otlp, variable: name };
    });
  }
  override(state, env, signal, 'headers', [otlpSignalVar(signal, 'HEADERS')], parseOtlpHeaders);
  override(state, env, signal, 'timeoutMs', [otlpSignalVar(signal, 'TIMEOUT')], integer(MS));
  override(state, env, signal, 'compression', [otlpSignalVar(signal, 'COMPRESSION')], parseOtlpCompression);
  override(state, env, signal, 'insecure', [otlpSignalVar(signal, 'INSECURE')], parseOtelBoolean);
  const variable = otlpSignalVar(signal, 'PROTOCOL');
  state.applyParsed(first(env, [variable], parseOtlpProtocol), undefined, (protocol) => {
    state.signalProtocols.push({ variable, protocol });
  });
  for (const [setting, general] of TLS_VARS) {
    const name = otlpSignalVar(signal, setting);
    const value = readVar(env, name);
    if (value !== undefined && value !== readVar(env, general)) {
      state.addProblem({
        field: name,
        message: `${name} is not supported: one TLS identity serves every signal; set ${general} (or pass the files to the transport)`,
      });
    }
  }
  if (signal === 'metrics') return;
  const prefix = BATCH_ENV[signal];
  override(state, env, signal, 'batchTimeoutMs', [`${prefix}_SCHEDULE_DELAY`], integer(MS));
  override(state, env, signal, 'exportTimeoutMs', [`${prefix}_EXPORT_TIMEOUT`], integer(MS));
  override(state, env, signal, 'maxQueueSize', [`${prefix}_MAX_QUEUE_SIZE`], integer(COUNT));
  override(state, env, signal, 'batchMaxSize', [`${prefix}_MAX_EXPORT_BATCH_SIZE`], integer(COUNT));
};

/** `TELEMETRYFLOW_TRACES_SAMPLER` / `_ARG`, else `OTEL_TRACES_SAMPLER` / `_ARG`. */
const loadSampler: Loader = (state, env) => {
  const type = first(env, [TF.TRACES_SAMPLER, OTEL_ENV.TRACES_SAMPLER], parseSamplerName);
  if (type === undefined) return;
  if (!type.ok) return state.addProblem(type.problem, 'sampler');
  // The argument only means something to the ratio samplers; the specification ignores it otherwise.
  if (!type.value.endsWith('traceidratio')) return state.set('sampler', { type: type.value });
  const ratio = first(env, [TF.TRACES_SAMPLER_ARG, OTEL_ENV.TRACES_SAMPLER_ARG], parseRatio);
  if (ratio !== undefined && !ratio.ok) return state.addProblem(ratio.problem, 'sampler');
  state.set('sampler', { type: type.value, ratio: ratio?.value ?? 1 });
};

/** Propagators, diagnostics level, exemplar filter, metric temporality and histograms, metric interval, attribute limits. */
const loadSdk: Loader = (state, env) => {
  option(state, env, 'propagators', [OTEL_ENV.PROPAGATORS], parsePropagators);
  option(state, env, 'resourceDetectors', [OTEL_ENV.NODE_RESOURCE_DETECTORS], parseResourceDetectors);
  option(state, env, 'logLevel', [OTEL_ENV.LOG_LEVEL], parseLogLevel);
  option(state, env, 'exemplarFilter', [OTEL_ENV.METRICS_EXEMPLAR_FILTER], parseExemplarFilter);
  option(
    state,
    env,
    'metricTemporalityPreference',
    [TF.METRICS_TEMPORALITY_PREFERENCE, OTEL_ENV.EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE],
    parseTemporalityPreference,
  );
  option(
    state,
    env,
    'histogramAggregation',
    [TF.METRICS_DEFAULT_HISTOGRAM_AGGREGATION, OTEL_ENV.EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION],
    parseHistogramAggregation,
  );
  option(
    state,
    env,
    'metricExportIntervalMs',
    [TF.METRIC_EXPORT_INTERVAL, OTEL_ENV.METRIC_EXPORT_INTERVAL],
    integer(MS),
  );
  option(state, env, 'metricExportTimeoutMs', [OTEL_ENV.METRIC_EXPORT_TIMEOUT], integer(MS));
  if (readVar(env, TF.ATTRIBUTE_COUNT_LIMIT) === undefined) {
    option(state, env, 'attributeCountLimit', [OTEL_ENV.ATTRIBUTE_COUNT_LIMIT], integer(COUNT));
  }
  if (readVar(env, TF.ATTRIBUTE_VALUE_LENGTH_LIMIT) === undefined) {
    option(state, env, 'attributeValueLengthLimit', [OTEL_ENV.ATTRIBUTE_VALUE_LENGTH_LIMIT], integer(COUNT));
  }
  limit(state, env, 'spanLimits', 'attributeCountLimit', LIMIT_ENV.SPAN_ATTRIBUTE_COUNT_LIMIT);
  limit(state, env, 'spanLimits', 'attributeValueLengthLimit', LIMIT_ENV.SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT);
  limit(state, env, 'spanLimits', 'eventCountLimit', LIMIT_ENV.SPAN_EVENT_COUNT_LIMIT);
  limit(state, env, 'spanLimits', 'linkCountLimit', LIMIT_ENV.SPAN_LINK_COUNT_LIMIT);
  limit(state, env, 'spanLimits', 'attributePerEventCountLimit', LIMIT_ENV.EVENT_ATTRIBUTE_COUNT_LIMIT);
  limit(state, env, 'spanLimits', 'attributePerLinkCountLimit', LIMIT_ENV.LINK_ATTRIBUTE_COUNT_LIMIT);
  limit(state, env, 'logRecordLimits', 'attributeCountLimit', LIMIT_ENV.LOGRECORD_ATTRIBUTE_COUNT_LIMIT);
  limit(
    state,
    env,
    'logRecordLimits',
    'attributeValueLengthLimit',
    LIMIT_ENV.LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT,
  );
};

/** Every OpenTelemetry SDK variable this SDK supports beyond the service and endpoint ones. */
export const loadOtelSdk: Loader = (state, env) => {
  loadDisabled(state, env);
  loadExporter(state, env);
  for (const signal of ALL_SIGNALS) loadSignal(state, env, signal);
  loadSampler(state, env);
  loadSdk(state, env);
};
