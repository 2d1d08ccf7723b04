import type { BuilderOptions, BuilderState } from './builder-state.js';
import { parseBoolean, parseInteger, parseOtlpProtocol, parseProtocol, readFirst, readVar } from './env.js';
import type { IntegerRule, Parsed } from './env.js';
import { ENVIRONMENT_FALLBACKS, OTEL_ENV, TELEMETRYFLOW_ENV as TF } from './env-names.js';
import type { Environment } from './env-names.js';
import { OTEL_SERVICE_KEYS, parseOtlpEndpoint, parseResourceAttributes } from './otel-env.js';
import type { ResourceAttributes } from './otel-env.js';
import { loadOtelSdk } from './otel-loaders.js';

/*
 * Each loader applies only the variables that are set (non-blank): settings made before it are
 * kept otherwise. A value that does not parse leaves the setting as it was and records a problem
 * that `build()` reports.
 */

type Loader = (state: BuilderState, env: Environment) => void;

const apply = <K extends keyof BuilderOptions>(
  state: BuilderState,
  key: K,
  parsed: Parsed<BuilderOptions[K]>,
): void => state.applyParsed(parsed, key, (value) => state.set(key, value));

/**
 * `OTEL_RESOURCE_ATTRIBUTES`, parsed; records a problem for malformed entries. Called only when a
 * fallback is needed, so a variable that is never consulted is never reported.
 */
const resourceAttributes = (state: BuilderState, env: Environment): ResourceAttributes => {
  const raw = readVar(env, OTEL_ENV.RESOURCE_ATTRIBUTES);
  if (raw === undefined) return { all: {}, custom: {} };
  const parsed = parseResourceAttributes(OTEL_ENV.RESOURCE_ATTRIBUTES, raw);
  if (parsed.problem !== undefined) state.addProblem(parsed.problem);
  return parsed;
};

/** One service setting from `OTEL_RESOURCE_ATTRIBUTES`. */
const resourceAttribute = (state: BuilderState, env: Environment, key: string): string | undefined =>
  resourceAttributes(state, env).all[key];

/** `TELEMETRYFLOW_API_KEY_ID` and `TELEMETRYFLOW_API_KEY_SECRET`. */
export const loadApiKey: Loader = (state, env) => {
  state.setKey(readVar(env, TF.API_KEY_ID), readVar(env, TF.API_KEY_SECRET));
};

/** `TELEMETRYFLOW_ENDPOINT`, else `OTEL_EXPORTER_OTLP_ENDPOINT`. */
export const loadEndpoint: Loader = (state, env) => {
  const endpoint = readVar(env, TF.ENDPOINT);
  if (endpoint !== undefined) return state.set('endpoint', endpoint);
  const otlp = readVar(env, OTEL_ENV.EXPORTER_OTLP_ENDPOINT);
  if (otlp === undefined) return;
  const parsed = parseOtlpEndpoint(OTEL_ENV.EXPORTER_OTLP_ENDPOINT, otlp);
  state.applyParsed(parsed, 'endpoint', (endpoint) => state.setOtlpEndpoint(endpoint));
};

/**
 * Name: `TELEMETRYFLOW_SERVICE_NAME`, else `OTEL_SERVICE_NAME`, else `service.name` in
 * `OTEL_RESOURCE_ATTRIBUTES`. Version: `TELEMETRYFLOW_SERVICE_VERSION`, else `service.version`.
 */
export const loadService: Loader = (state, env) => {
  const name =
    readVar(env, TF.SERVICE_NAME) ??
    readVar(env, OTEL_ENV.SERVICE_NAME) ??
    resourceAttribute(state, env, OTEL_SERVICE_KEYS.name);
  if (name !== undefined) state.set('serviceName', name);
  const version =
    readVar(env, TF.SERVICE_VERSION) ?? resourceAttribute(state, env, OTEL_SERVICE_KEYS.version);
  if (version !== undefined) state.set('serviceVersion', version);
};

/** `TELEMETRYFLOW_SERVICE_NAMESPACE`, else `service.namespace` in `OTEL_RESOURCE_ATTRIBUTES`. */
export const loadServiceNamespace: Loader = (state, env) => {
  const namespace =
    readVar(env, TF.SERVICE_NAMESPACE) ?? resourceAttribute(state, env, OTEL_SERVICE_KEYS.namespace);
  if (namespace !== undefined) state.set('serviceNamespace', namespace);
};

/**
 * `TELEMETRYFLOW_ENVIRONMENT`, `ENV`, `ENVIRONMENT`, then `deployment.environment.name` and
 * `deployment.environment` in `OTEL_RESOURCE_ATTRIBUTES`: the first that is set.
 */
export const loadEnvironment: Loader = (state, env) => {
  const own = readFirst(env, [TF.ENVIRONMENT, ...ENVIRONMENT_FALLBACKS])?.value;
  if (own !== undefined) return state.set('environment', own);
  const { all } = resourceAttributes(state, env);
  const [current, legacy] = OTEL_SERVICE_KEYS.environment;
  const otel = all[current] ?? all[legacy];
  if (otel !== undefined) state.set('environment', otel);
};

/** `TELEMETRYFLOW_COLLECTOR_ID`. */
export const loadCollectorId: Loader = (state, env) => {
  const id = readVar(env, TF.COLLECTOR_ID);
  if (id !== undefined) state.set('collectorId', id);
};

type BooleanKey = {
  [K in keyof BuilderOptions]-?: NonNullable<BuilderOptions[K]> extends boolean ? K : never;
}[keyof BuilderOptions];

const BOOLEAN_VARS: readonly (readonly [string, BooleanKey])[] = [
  [TF.INSECURE, 'insecure'],
  [TF.COMPRESSION, 'compression'],
  [TF.RETRY_ENABLED, 'retryEnabled'],
  [TF.ENABLE_TRACES, 'enableTraces'],
  [TF.ENABLE_METRICS, 'enableMetrics'],
  [TF.ENABLE_LOGS, 'enableLogs'],
  [TF.ENABLE_EXEMPLARS, 'enableExemplars'],
  [TF.USE_V2_API, 'useV2Api'],
  [TF.V2_ONLY, 'v2Only'],
];

type NumberKey =
  | 'timeoutMs'
  | 'maxRetries'
  | 'retryBackoffMs'
  | 'batchTimeoutMs'
  | 'batchMaxSize'
  | 'rateLimit'
  | 'maxQueueBytes'
  | 'attributeCountLimit'
  | 'attributeValueLengthLimit'
  | 'metricCardinalityLimit'
  | 'exitFlushTimeoutMs';

/** Variable, setting, rule, and the factor from the variable's unit to the setting's. */
const INTEGER_VARS: readonly (readonly [string, NumberKey, IntegerRule, number])[] = [
  [TF.TIMEOUT, 'timeoutMs', { min: 1, unit: 'seconds' }, 1000],
  [TF.MAX_RETRIES, 'maxRetries', { min: 0 }, 1],
  [TF.RETRY_BACKOFF, 'retryBackoffMs', { min: 1, unit: 'milliseconds' }, 1],
  [TF.BATCH_TIMEOUT, 'batchTimeoutMs', { min: 1, unit: 'milliseconds' }, 1],
  [TF.BATCH_MAX_SIZE, 'batchMaxSize', { min: 1 }, 1],
  [TF.RATE_LIMIT, 'rateLimit', { min: 1 }, 1],
  [TF.MAX_QUEUE_BYTES, 'maxQueueBytes', { min: 1, unit: 'bytes' }, 1],
  [TF.ATTRIBUTE_COUNT_LIMIT, 'attributeCountLimit', { min: 1 }, 1],
  [TF.ATTRIBUTE_VALUE_LENGTH_LIMIT, 'attributeValueLengthLimit', { min: 1 }, 1],
  [TF.METRIC_CARDINALITY_LIMIT, 'metricCardinalityLimit', { min: 1 }, 1],
  [TF.EXIT_FLUSH_TIMEOUT, 'exitFlushTimeoutMs', { min: 0, unit: 'milliseconds' }, 1],
];

const STRING_VARS = [
  [TF.COLLECTOR_NAME, 'collectorName'],
  [TF.COLLECTOR_HOSTNAME, 'collectorHostname'],
  [TF.DATACENTER, 'datacenter'],
] as const;

/** `TELEMETRYFLOW_PROTOCOL`, else `OTEL_EXPORTER_OTLP_PROTOCOL`. */
const loadProtocol: Loader = (state, env) => {
  const own = readVar(env, TF.PROTOCOL);
  if (own !== undefined) return apply(state, 'protocol', parseProtocol(TF.PROTOCOL, own));
  const otel = readVar(env, OTEL_ENV.EXPORTER_OTLP_PROTOCOL);
  if (otel !== undefined) apply(state, 'protocol', parseOtlpProtocol(OTEL_ENV.EXPORTER_OTLP_PROTOCOL, otel));
};

/** Protocol, flags, numbers, collector identity, and `OTEL_RESOURCE_ATTRIBUTES` custom attributes. */
const loadTransportSettings: Loader = (state, env) => {
  loadProtocol(state, env);
  for (const [name, key] of BOOLEAN_VARS) {
    const raw = readVar(env, name);
    if (raw !== undefined) apply(state, key, parseBoolean(name, raw));
  }
  for (const [name, key, rule, factor] of INTEGER_VARS) {
    const raw = readVar(env, name);
    if (raw === undefined) continue;
    const parsed = parseInteger(name, raw, rule);
    apply(state, key, parsed.ok ? { ok: true, value: parsed.value * factor } : parsed);
  }
  for (const [name, key] of STRING_VARS) {
    const raw = readVar(env, name);
    if (raw !== undefined) state.set(key, raw);
  }
  state.otelAttributes = resourceAttributes(state, env).custom;
};

/** Every variable the builder knows (`withAutoConfiguration()`). */
export const loadAll: Loader = (state, env) => {
  for (const load of [
    loadApiKey,
    loadEndpoint,
    loadService,
    loadServiceNamespace,
    loadEnvironment,
    loadCollectorId,
    loadTransportSettings,
    loadOtelSdk,
  ]) {
    load(state, env);
  }
};
