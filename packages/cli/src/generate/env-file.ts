import { TELEMETRYFLOW_ENV as TF } from '@telemetryflow/client';

/** One variable of `.env.telemetryflow`. */
export interface EnvVariable {
  readonly name: string;
  /** The SDK's default, spelled as the variable takes it; absent when unset means "not sent" or follows another setting. */
  readonly default?: string;
  /** What it sets, with its unit (one comment line). */
  readonly help: string;
}

/** A titled group of variables. */
export interface EnvGroup {
  readonly title: string;
  readonly variables: readonly EnvVariable[];
}

/** The file's name, in the app's root directory. */
export const ENV_FILE_NAME = '.env.telemetryflow';

/** Placeholders for the key pair: valid in form, so the app starts, and obviously not a real key. */
export const KEY_PLACEHOLDERS = Object.freeze({ id: 'tfk_your_key_id', secret: 'tfs_your_key_secret' });

const item = (name: string, help: string, defaultValue?: string): EnvVariable =>
  defaultValue === undefined ? { name, help } : { name, help, default: defaultValue };

/**
 * Every `TELEMETRYFLOW_*` variable, with the defaults of docs/ENVIRONMENT.md (a test builds the
 * client with each default set and checks the configuration is the same as without it).
 */
export const ENV_FILE_GROUPS: readonly EnvGroup[] = Object.freeze([
  {
    title: 'Required',
    variables: [
      item(TF.API_KEY_ID, 'API key ID (tfk_…)'),
      item(
        TF.API_KEY_SECRET,
        'API key secret (tfs_…): never printed by the SDK; keep this file out of version control',
      ),
      item(TF.SERVICE_NAME, 'service.name of everything this app sends'),
    ],
  },
  {
    title: 'Service',
    variables: [
      item(TF.SERVICE_VERSION, 'service.version', '1.0.0'),
      item(TF.SERVICE_NAMESPACE, 'service.namespace', 'telemetryflow'),
      item(TF.ENVIRONMENT, 'deployment.environment.name (unset: ENV, then ENVIRONMENT)', 'production'),
    ],
  },
  {
    title: 'Collector',
    variables: [
      item(
        TF.ENDPOINT,
        'host:port, or for http an http(s):// URL (http:// needs INSECURE=true)',
        'api.telemetryflow.id:4317',
      ),
      item(TF.PROTOCOL, 'grpc (OTLP/gRPC, port 4317) or http (OTLP/HTTP protobuf, port 4318)', 'grpc'),
      item(TF.INSECURE, 'plaintext instead of TLS', 'false'),
      item(TF.COMPRESSION, 'gzip request bodies', 'true'),
      item(TF.TIMEOUT, 'deadline of one export request, in seconds', '30'),
      item(TF.HEADERS, 'name=value,… sent with every export request; values are treated as secrets'),
    ],
  },
  {
    title: 'TelemetryFlow collector',
    variables: [
      item(TF.USE_V2_API, 'the v2 API: /v2/{signal} paths and X-TelemetryFlow-API-Version: v2', 'false'),
      item(TF.V2_ONLY, 'only the v2 API (implies USE_V2_API)', 'false'),
      item(TF.COLLECTOR_ID, 'X-TelemetryFlow-Collector-ID'),
      item(TF.COLLECTOR_NAME, 'X-TelemetryFlow-Collector-Name'),
      item(TF.COLLECTOR_HOSTNAME, 'X-TelemetryFlow-Collector-Hostname'),
      item(TF.DATACENTER, 'X-TelemetryFlow-Datacenter'),
    ],
  },
  {
    title: 'Signals',
    variables: [
      item(TF.ENABLE_TRACES, 'send spans', 'true'),
      item(TF.ENABLE_METRICS, 'send metrics', 'true'),
      item(TF.ENABLE_LOGS, 'send log records', 'true'),
      item(
        TF.ENABLE_EXEMPLARS,
        'exemplars on metric points: values linked to the span they were recorded in',
        'true',
      ),
      item(TF.TRACES_ENDPOINT, 'another collector for spans, like ENDPOINT (unset: ENDPOINT)'),
      item(TF.METRICS_ENDPOINT, 'another collector for metrics, like ENDPOINT (unset: ENDPOINT)'),
      item(TF.LOGS_ENDPOINT, 'another collector for log records, like ENDPOINT (unset: ENDPOINT)'),
    ],
  },
  {
    title: 'Sampling',
    variables: [
      item(
        TF.TRACES_SAMPLER,
        'always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off, parentbased_traceidratio',
        'parentbased_always_on',
      ),
      item(TF.TRACES_SAMPLER_ARG, 'ratio of traces kept, 0 to 1, for the *traceidratio samplers', '1'),
    ],
  },
  {
    title: 'Export',
    variables: [
      item(TF.RETRY_ENABLED, 'retry failed exports', 'true'),
      item(TF.MAX_RETRIES, 'retries per batch', '3'),
      item(TF.RETRY_BACKOFF, 'first retry delay, in milliseconds', '5000'),
      item(TF.BATCH_TIMEOUT, 'longest a span or log record waits for its batch, in milliseconds', '10000'),
      item(TF.BATCH_MAX_SIZE, 'items per export request', '512'),
      item(TF.RATE_LIMIT, 'export requests per minute, all signals together', '1000'),
      item(TF.MAX_QUEUE_BYTES, 'bytes of encoded export requests each signal holds', '33554432'),
      item(TF.METRIC_EXPORT_INTERVAL, 'milliseconds between metric exports (unset: BATCH_TIMEOUT)'),
      item(
        TF.METRICS_TEMPORALITY_PREFERENCE,
        'cumulative, delta (for backends that want delta) or lowmemory',
        'cumulative',
      ),
      item(
        TF.METRICS_DEFAULT_HISTOGRAM_AGGREGATION,
        'explicit_bucket_histogram or base2_exponential_bucket_histogram',
        'explicit_bucket_histogram',
      ),
      item(
        TF.EXIT_FLUSH_TIMEOUT,
        'milliseconds to send what is pending when the process runs out of work; 0: off',
        '5000',
      ),
    ],
  },
  {
    title: 'Limits',
    variables: [
      item(TF.ATTRIBUTE_COUNT_LIMIT, 'attributes per span, event, link and log record', '128'),
      item(TF.ATTRIBUTE_VALUE_LENGTH_LIMIT, 'longest string attribute value, in characters', '4096'),
      item(TF.METRIC_CARDINALITY_LIMIT, 'attribute sets per metric instrument', '2000'),
    ],
  },
]);

/**
 * A value as `node --env-file` and dotenv read it: bare when it is plain, else double-quoted.
 * @throws {Error} for values neither can carry (quotes, backslashes, control characters)
 */
export const envValue = (value: string): string => {
  if (/^[\w.:/@%+,=~-]*$/.test(value)) return value;
  // eslint-disable-next-line no-control-regex
  if (/["\\\u0000-\u001f\u007f]/.test(value)) {
    throw new Error(
      `cannot write ${JSON.stringify(value)} to ${ENV_FILE_NAME}: no quotes, backslashes or control characters`,
    );
  }
  return `"${value}"`;
};

/**
 * `.env.telemetryflow`: every variable with a comment, set to `values[name]` when given, else
 * commented out with its default.
 * @param values the variables to set, e.g. the key placeholders and the service name
 * @param generator who wrote the file, for its first line
 */
export const renderEnvFile = (values: Readonly<Record<string, string>>, generator: string): string => {
  const lines = [
    `# TelemetryFlow SDK configuration. Generated by ${generator}; yours to edit.`,
    '# Every TELEMETRYFLOW_* variable the SDK reads; a commented-out line shows the default.',
    `# Load it with \`node --env-file=${ENV_FILE_NAME} <entry>\` (Node 20.6+) or dotenv; variables already`,
    '# set in the environment win. It holds your API key secret: keep it out of version control.',
    '# Standard OTEL_* variables (OTEL_SERVICE_NAME, OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_RESOURCE_ATTRIBUTES, …)',
    '# are read too, after these: see ENVIRONMENT.md in the SDK docs.',
  ];
  for (const group of ENV_FILE_GROUPS) {
    lines.push('', `# --- ${group.title} ---`);
    for (const variable of group.variables) {
      const value = values[variable.name];
      lines.push(`# ${variable.help}`);
      lines.push(
        value === undefined
          ? `# ${variable.name}=${variable.default ?? ''}`
          : `${variable.name}=${envValue(value)}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
};
