import {
  BATCH_ENV,
  LIMIT_ENV,
  OTEL_ENV,
  TELEMETRYFLOW_ENV as TF,
  otlpSignalVar as otlp,
} from '@telemetryflow/client';

/**
 * One place a setting's value can come from.
 * - `{ variable }`: the variable, when it is set (not blank).
 * - `{ variable, key }`: one key of `OTEL_RESOURCE_ATTRIBUTES`.
 * - `{ variable, scheme: true }`: the `http://` / `https://` scheme of an OTLP endpoint URL, which
 *   gives `insecure`.
 * With `unless`, the source counts only while that other variable is unset (it is read instead).
 */
export interface Source {
  readonly variable: string;
  readonly key?: string;
  readonly scheme?: true;
  readonly unless?: string;
}

/** A setting (a dotted path into `TelemetryConfig#toJSON()`) and where it comes from, first set wins. */
export interface SettingSources {
  readonly setting: string;
  readonly chain: readonly Source[];
  /** Read by the transport from the environment, not part of `TelemetryConfig`. */
  readonly transport?: true;
}

const SIGNALS = ['traces', 'metrics', 'logs'] as const;

const v = (variable: string): Source => ({ variable });
const attribute = (key: string): Source => ({ variable: OTEL_ENV.RESOURCE_ATTRIBUTES, key });
const row = (setting: string, ...chain: Source[]): SettingSources => ({ setting, chain });

const attributeCount = [v(TF.ATTRIBUTE_COUNT_LIMIT), v(OTEL_ENV.ATTRIBUTE_COUNT_LIMIT)];
const attributeLength = [v(TF.ATTRIBUTE_VALUE_LENGTH_LIMIT), v(OTEL_ENV.ATTRIBUTE_VALUE_LENGTH_LIMIT)];
const spanAttributeCount = [v(LIMIT_ENV.SPAN_ATTRIBUTE_COUNT_LIMIT), ...attributeCount];

/** A signal's export settings: `OTEL_EXPORTER_OTLP_{SIGNAL}_*`, and the batch processor's for spans and logs. */
const signalRows = (signal: (typeof SIGNALS)[number]): SettingSources[] => {
  const at = (name: string) => `signalOverrides.${signal}.${name}`;
  const own = `TELEMETRYFLOW_${signal.toUpperCase()}_ENDPOINT`;
  const endpoint = otlp(signal, 'ENDPOINT');
  const rows = [
    row(at('endpoint'), v(own), v(endpoint)),
    row(at('insecure'), v(otlp(signal, 'INSECURE')), { variable: endpoint, scheme: true, unless: own }),
    row(at('headers'), v(otlp(signal, 'HEADERS'))),
    row(at('timeoutMs'), v(otlp(signal, 'TIMEOUT'))),
    row(at('compression'), v(otlp(signal, 'COMPRESSION'))),
    // An HTTP URL there is used as it is: its path becomes the signal's path.
    row(`signalPaths.${signal}`, { variable: endpoint, unless: own }),
  ];
  if (signal === 'metrics') return rows;
  const batch = BATCH_ENV[signal];
  return [
    ...rows,
    row(at('batchTimeoutMs'), v(`${batch}_SCHEDULE_DELAY`)),
    row(at('exportTimeoutMs'), v(`${batch}_EXPORT_TIMEOUT`)),
    row(at('maxQueueSize'), v(`${batch}_MAX_QUEUE_SIZE`)),
    row(at('batchMaxSize'), v(`${batch}_MAX_EXPORT_BATCH_SIZE`)),
  ];
};

/**
 * Every setting `TelemetryFlowBuilder#withAutoConfiguration()` reads from the environment, with its
 * fallback chain as docs/ENVIRONMENT.md gives it ("Fallback order" and the conformance table). A
 * setting absent here is not read from the environment (its value is always the default). The
 * tests check that every variable the builder knows is in some chain, and that each chain's order
 * is the builder's.
 */
export const SETTING_SOURCES: readonly SettingSources[] = Object.freeze([
  row('disabled', v(OTEL_ENV.SDK_DISABLED)),
  row('credentials.keyId', v(TF.API_KEY_ID)),
  row('credentials.keySecret', v(TF.API_KEY_SECRET)),
  row('endpoint', v(TF.ENDPOINT), v(OTEL_ENV.EXPORTER_OTLP_ENDPOINT)),
  row('serviceName', v(TF.SERVICE_NAME), v(OTEL_ENV.SERVICE_NAME), attribute('service.name')),
  row('serviceVersion', v(TF.SERVICE_VERSION), attribute('service.version')),
  row('serviceNamespace', v(TF.SERVICE_NAMESPACE), attribute('service.namespace')),
  row(
    'environment',
    v(TF.ENVIRONMENT),
    v('ENV'),
    v('ENVIRONMENT'),
    attribute('deployment.environment.name'),
    attribute('deployment.environment'),
  ),
  row('collectorId', v(TF.COLLECTOR_ID)),
  row('protocol', v(TF.PROTOCOL), v(OTEL_ENV.EXPORTER_OTLP_PROTOCOL)),
  row('insecure', v(TF.INSECURE), v(OTEL_ENV.EXPORTER_OTLP_INSECURE), {
    variable: OTEL_ENV.EXPORTER_OTLP_ENDPOINT,
    scheme: true,
    unless: TF.ENDPOINT,
  }),
  row('timeoutMs', v(TF.TIMEOUT), v(OTEL_ENV.EXPORTER_OTLP_TIMEOUT)),
  row('compression', v(TF.COMPRESSION), v(OTEL_ENV.EXPORTER_OTLP_COMPRESSION)),
  row('retryEnabled', v(TF.RETRY_ENABLED)),
  row('maxRetries', v(TF.MAX_RETRIES)),
  row('retryBackoffMs', v(TF.RETRY_BACKOFF)),
  row('batchTimeoutMs', v(TF.BATCH_TIMEOUT)),
  row('batchMaxSize', v(TF.BATCH_MAX_SIZE)),
  row('enableTraces', v(TF.ENABLE_TRACES), v(OTEL_ENV.TRACES_EXPORTER)),
  row('enableMetrics', v(TF.ENABLE_METRICS), v(OTEL_ENV.METRICS_EXPORTER)),
  row('enableLogs', v(TF.ENABLE_LOGS), v(OTEL_ENV.LOGS_EXPORTER)),
  row('enableExemplars', v(TF.ENABLE_EXEMPLARS)),
  row('rateLimit', v(TF.RATE_LIMIT)),
  row('maxQueueBytes', v(TF.MAX_QUEUE_BYTES)),
  row('useV2Api', v(TF.USE_V2_API)),
  row('v2Only', v(TF.V2_ONLY)),
  row('collectorName', v(TF.COLLECTOR_NAME)),
  row('collectorHostname', v(TF.COLLECTOR_HOSTNAME)),
  row('datacenter', v(TF.DATACENTER)),
  row('attributeCountLimit', ...attributeCount),
  row('attributeValueLengthLimit', ...attributeLength),
  row('metricCardinalityLimit', v(TF.METRIC_CARDINALITY_LIMIT)),
  row('exitFlushTimeoutMs', v(TF.EXIT_FLUSH_TIMEOUT)),
  row('headers', v(TF.HEADERS), v(OTEL_ENV.EXPORTER_OTLP_HEADERS)),
  row('customAttributes', v(OTEL_ENV.RESOURCE_ATTRIBUTES)),
  row('sampler.type', v(TF.TRACES_SAMPLER), v(OTEL_ENV.TRACES_SAMPLER)),
  row('sampler.ratio', v(TF.TRACES_SAMPLER_ARG), v(OTEL_ENV.TRACES_SAMPLER_ARG)),
  row('propagators', v(OTEL_ENV.PROPAGATORS)),
  row('resourceDetectors', v(OTEL_ENV.NODE_RESOURCE_DETECTORS)),
  row('logLevel', v(OTEL_ENV.LOG_LEVEL)),
  row('exemplarFilter', v(OTEL_ENV.METRICS_EXEMPLAR_FILTER)),
  row(
    'metricTemporalityPreference',
    v(TF.METRICS_TEMPORALITY_PREFERENCE),
    v(OTEL_ENV.EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE),
  ),
  row(
    'histogramAggregation',
    v(TF.METRICS_DEFAULT_HISTOGRAM_AGGREGATION),
    v(OTEL_ENV.EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION),
  ),
  // Unset, the interval is batchTimeoutMs.
  row(
    'metricExportIntervalMs',
    v(TF.METRIC_EXPORT_INTERVAL),
    v(OTEL_ENV.METRIC_EXPORT_INTERVAL),
    v(TF.BATCH_TIMEOUT),
  ),
  row('metricExportTimeoutMs', v(OTEL_ENV.METRIC_EXPORT_TIMEOUT)),
  // Unset, span and log record limits follow the general attribute limits.
  row('spanLimits.attributeCountLimit', ...spanAttributeCount),
  row(
    'spanLimits.attributeValueLengthLimit',
    v(LIMIT_ENV.SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT),
    ...attributeLength,
  ),
  row('spanLimits.eventCountLimit', v(LIMIT_ENV.SPAN_EVENT_COUNT_LIMIT)),
  row('spanLimits.linkCountLimit', v(LIMIT_ENV.SPAN_LINK_COUNT_LIMIT)),
  row(
    'spanLimits.attributePerEventCountLimit',
    v(LIMIT_ENV.EVENT_ATTRIBUTE_COUNT_LIMIT),
    ...spanAttributeCount,
  ),
  row(
    'spanLimits.attributePerLinkCountLimit',
    v(LIMIT_ENV.LINK_ATTRIBUTE_COUNT_LIMIT),
    ...spanAttributeCount,
  ),
  row('logRecordLimits.attributeCountLimit', v(LIMIT_ENV.LOGRECORD_ATTRIBUTE_COUNT_LIMIT), ...attributeCount),
  row(
    'logRecordLimits.attributeValueLengthLimit',
    v(LIMIT_ENV.LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT),
    ...attributeLength,
  ),
  ...SIGNALS.flatMap(signalRows),
  // Read by the transport packages; a per-signal file is accepted only when equal to the general one.
  { setting: 'tls.certificate', chain: [v(OTEL_ENV.EXPORTER_OTLP_CERTIFICATE)], transport: true },
  {
    setting: 'tls.clientCertificate',
    chain: [v(OTEL_ENV.EXPORTER_OTLP_CLIENT_CERTIFICATE)],
    transport: true,
  },
  { setting: 'tls.clientKey', chain: [v(OTEL_ENV.EXPORTER_OTLP_CLIENT_KEY)], transport: true },
]);

/**
 * Variables the builder reads only to check them against another setting: a different value is a
 * `BuilderError` (one transport, one protocol and one TLS identity serve every signal), an equal
 * one changes nothing.
 */
export const CHECKED_ONLY: readonly string[] = Object.freeze(
  SIGNALS.flatMap((signal) =>
    ['PROTOCOL', 'CERTIFICATE', 'CLIENT_KEY', 'CLIENT_CERTIFICATE'].map((s) => otlp(signal, s)),
  ),
);

/** The trimmed value of `name`, or `undefined` when unset or blank (the SDK's rule). */
export const readVar = (
  env: Readonly<Record<string, string | undefined>>,
  name: string,
): string | undefined => {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
};

/** The keys of `OTEL_RESOURCE_ATTRIBUTES` (`k=v,…`, percent-encoded), as the SDK decodes them. */
const resourceKeys = (raw: string): Set<string> => {
  const keys = new Set<string>();
  for (const entry of raw.split(',')) {
    const at = entry.indexOf('=');
    if (at <= 0) continue;
    try {
      keys.add(decodeURIComponent(entry.slice(0, at).trim()));
    } catch {
      // A malformed entry: the builder reports it.
    }
  }
  return keys;
};

/** Whether `source` provides a value in `env`. */
export const isSourceSet = (env: Readonly<Record<string, string | undefined>>, source: Source): boolean => {
  const raw = readVar(env, source.variable);
  if (raw === undefined) return false;
  if (source.unless !== undefined && readVar(env, source.unless) !== undefined) return false;
  if (source.key !== undefined) return resourceKeys(raw).has(source.key);
  if (source.scheme === true) return /^https?:\/\//i.test(raw);
  return true;
};

/** How a source is named in output: `OTEL_SERVICE_NAME`, `OTEL_RESOURCE_ATTRIBUTES service.name`, … */
export const sourceLabel = (source: Source): string => {
  if (source.key !== undefined) return `${source.variable} ${source.key}`;
  if (source.scheme === true) return `${source.variable} (scheme)`;
  return source.variable;
};

/** The first source of `chain` set in `env`, or `undefined` (the value is the default). */
export const firstSetSource = (
  env: Readonly<Record<string, string | undefined>>,
  chain: readonly Source[],
): Source | undefined => chain.find((source) => isSourceSet(env, source));

/** The table row for a dotted setting path: the row itself, or the nearest row above it (`headers` for `headers.x-tenant`). */
export const sourcesOf = (setting: string): SettingSources | undefined => {
  let best: SettingSources | undefined;
  for (const entry of SETTING_SOURCES) {
    const match = setting === entry.setting || setting.startsWith(`${entry.setting}.`);
    if (match && (best === undefined || entry.setting.length > best.setting.length)) best = entry;
  }
  return best;
};
