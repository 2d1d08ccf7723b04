import { CONFIG_DEFAULTS, DEFAULT_ENDPOINT } from '@telemetryflow/domain';
import { TELEMETRYFLOW_ENV as TF } from './env-names.js';

/**
 * The TelemetryFlow Python SDK's class constants (`TelemetryFlowBuilder.ENV_*`, `DEFAULT_*`), inherited by
 * `TelemetryFlowBuilder`. The defaults are `TelemetryConfig`'s, not a copy of them.
 */
export abstract class BuilderConstants {
  static readonly ENV_API_KEY_ID = TF.API_KEY_ID;
  static readonly ENV_API_KEY_SECRET = TF.API_KEY_SECRET;
  static readonly ENV_ENDPOINT = TF.ENDPOINT;
  static readonly ENV_SERVICE_NAME = TF.SERVICE_NAME;
  static readonly ENV_SERVICE_VERSION = TF.SERVICE_VERSION;
  static readonly ENV_SERVICE_NAMESPACE = TF.SERVICE_NAMESPACE;
  static readonly ENV_ENVIRONMENT = TF.ENVIRONMENT;
  static readonly ENV_COLLECTOR_ID = TF.COLLECTOR_ID;
  static readonly ENV_PROTOCOL = TF.PROTOCOL;
  static readonly ENV_INSECURE = TF.INSECURE;
  static readonly ENV_COMPRESSION = TF.COMPRESSION;
  static readonly ENV_TIMEOUT = TF.TIMEOUT;
  static readonly ENV_RETRY_ENABLED = TF.RETRY_ENABLED;
  static readonly ENV_MAX_RETRIES = TF.MAX_RETRIES;
  static readonly ENV_RETRY_BACKOFF = TF.RETRY_BACKOFF;
  static readonly ENV_BATCH_TIMEOUT = TF.BATCH_TIMEOUT;
  static readonly ENV_BATCH_MAX_SIZE = TF.BATCH_MAX_SIZE;
  static readonly ENV_ENABLE_TRACES = TF.ENABLE_TRACES;
  static readonly ENV_ENABLE_METRICS = TF.ENABLE_METRICS;
  static readonly ENV_ENABLE_LOGS = TF.ENABLE_LOGS;
  static readonly ENV_ENABLE_EXEMPLARS = TF.ENABLE_EXEMPLARS;
  static readonly ENV_RATE_LIMIT = TF.RATE_LIMIT;
  static readonly ENV_MAX_QUEUE_BYTES = TF.MAX_QUEUE_BYTES;
  static readonly ENV_USE_V2_API = TF.USE_V2_API;
  static readonly ENV_V2_ONLY = TF.V2_ONLY;
  static readonly ENV_COLLECTOR_NAME = TF.COLLECTOR_NAME;
  static readonly ENV_COLLECTOR_HOSTNAME = TF.COLLECTOR_HOSTNAME;
  static readonly ENV_DATACENTER = TF.DATACENTER;
  static readonly ENV_ATTRIBUTE_COUNT_LIMIT = TF.ATTRIBUTE_COUNT_LIMIT;
  static readonly ENV_ATTRIBUTE_VALUE_LENGTH_LIMIT = TF.ATTRIBUTE_VALUE_LENGTH_LIMIT;
  static readonly ENV_METRIC_CARDINALITY_LIMIT = TF.METRIC_CARDINALITY_LIMIT;
  static readonly ENV_EXIT_FLUSH_TIMEOUT = TF.EXIT_FLUSH_TIMEOUT;
  static readonly ENV_HEADERS = TF.HEADERS;
  static readonly ENV_TRACES_ENDPOINT = TF.TRACES_ENDPOINT;
  static readonly ENV_METRICS_ENDPOINT = TF.METRICS_ENDPOINT;
  static readonly ENV_LOGS_ENDPOINT = TF.LOGS_ENDPOINT;
  static readonly ENV_TRACES_SAMPLER = TF.TRACES_SAMPLER;
  static readonly ENV_TRACES_SAMPLER_ARG = TF.TRACES_SAMPLER_ARG;
  static readonly ENV_METRIC_EXPORT_INTERVAL = TF.METRIC_EXPORT_INTERVAL;

  static readonly DEFAULT_ENDPOINT = DEFAULT_ENDPOINT;
  static readonly DEFAULT_SERVICE_VERSION = CONFIG_DEFAULTS.serviceVersion;
  static readonly DEFAULT_SERVICE_NAMESPACE = CONFIG_DEFAULTS.serviceNamespace;
  static readonly DEFAULT_ENVIRONMENT = CONFIG_DEFAULTS.environment;
}
