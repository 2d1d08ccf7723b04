import {
  BuilderError,
  CONFIG_DEFAULTS,
  ConfigError,
  Credentials,
  CredentialsError,
  DEFAULT_ENDPOINT,
  REDACTED,
  TelemetryConfig,
  isProtocol,
} from '@telemetryflow/domain';
import type {
  ExportTransport,
  ExportTransportFactory,
  Problem,
  TelemetryConfigOptions,
} from '@telemetryflow/domain';
import type { ClientOptions } from '../client-options.js';
import { TelemetryFlowClient } from '../telemetry-flow-client.js';
import { resolveTransportFactory } from '../transport-resolution.js';
import type { BuilderState } from './builder-state.js';
import { TELEMETRYFLOW_ENV } from './env-names.js';
import { resolveOtlpEndpoint } from './otel-env.js';

/** Stands in for invalid credentials so the rest of the configuration is still validated. */
const PLACEHOLDER_CREDENTIALS = new Credentials('tfk_placeholder', 'tfs_placeholder');

/** Problems found so far and the first error behind them. */
class Findings {
  readonly problems: Problem[] = [];
  cause: unknown;

  add(problems: readonly Problem[], cause?: unknown): void {
    this.problems.push(...problems);
    if (this.cause === undefined && cause !== undefined) this.cause = cause;
  }

  has(field: string): boolean {
    return this.problems.some((p) => p.field === field);
  }
}

const isBlank = (value: string | undefined): boolean => value === undefined || value.trim() === '';

const makeCredentials = (state: BuilderState, findings: Findings): Credentials | undefined => {
  if (isBlank(state.keyId)) {
    findings.add([
      { field: 'keyId', message: `API key ID is required (withApiKey() or ${TELEMETRYFLOW_ENV.API_KEY_ID})` },
    ]);
  }
  if (isBlank(state.keySecret)) {
    findings.add([
      {
        field: 'keySecret',
        message: `API key secret is required (withApiKey() or ${TELEMETRYFLOW_ENV.API_KEY_SECRET})`,
      },
    ]);
  }
  try {
    return new Credentials(state.keyId ?? '', state.keySecret ?? '');
  } catch (error) {
    if (!(error instanceof CredentialsError)) throw error;
    findings.add(
      error.problems.filter((p) => !findings.has(p.field)),
      error,
    );
    return undefined;
  }
};

/** The options `TelemetryConfig` gets: what was set, plus the OTel endpoint and attributes. */
const configOptions = (state: BuilderState, credentials: Credentials): TelemetryConfigOptions => {
  const { customAttributes, ...options } = state.options;
  const protocol = options.protocol ?? CONFIG_DEFAULTS.protocol;
  const otlp =
    state.otlpEndpoint === undefined ? undefined : resolveOtlpEndpoint(state.otlpEndpoint, protocol);
  const insecure = options.insecure ?? otlp?.insecure;
  const attributes = { ...state.otelAttributes, ...customAttributes };
  return {
    ...options,
    credentials,
    endpoint: options.endpoint ?? otlp?.endpoint ?? DEFAULT_ENDPOINT,
    serviceName: options.serviceName ?? '',
    ...(insecure === undefined ? {} : { insecure }),
    ...(Object.keys(attributes).length === 0 ? {} : { customAttributes: attributes }),
  };
};

const makeConfig = (
  state: BuilderState,
  credentials: Credentials | undefined,
  findings: Findings,
): TelemetryConfig | undefined => {
  if (isBlank(state.options.serviceName)) {
    findings.add([
      {
        field: 'serviceName',
        message: `service name is required (withService() or ${TELEMETRYFLOW_ENV.SERVICE_NAME})`,
      },
    ]);
  }
  findings.add(state.envProblems);
  try {
    const config = new TelemetryConfig(configOptions(state, credentials ?? PLACEHOLDER_CREDENTIALS));
    return credentials === undefined ? undefined : config;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    findings.add(
      error.problems.filter((p) => p.field !== 'serviceName' || !findings.has('serviceName')),
      error,
    );
    return undefined;
  }
};

const resolveTransport = (
  state: BuilderState,
  findings: Findings,
): ExportTransport | ExportTransportFactory | undefined => {
  if (state.transport !== undefined) return state.transport;
  const protocol = state.options.protocol ?? CONFIG_DEFAULTS.protocol;
  if (!isProtocol(protocol)) return undefined; // already reported by the configuration
  try {
    return resolveTransportFactory(protocol);
  } catch (error) {
    if (!(error instanceof BuilderError)) throw error;
    findings.add(error.problems, error);
    return undefined;
  }
};

/**
 * Shorter strings are no secrets, and would collide with the messages' own words (an invalid
 * secret `secret` must not turn "API key secret must start with…" into "API key [REDACTED]…").
 */
const MIN_REDACTED_LENGTH = 8;

/** Belt and braces: no message may carry the secret, whatever a variable was set to. */
const redact = (problems: readonly Problem[], secret: string | undefined): Problem[] =>
  secret === undefined || secret.length < MIN_REDACTED_LENGTH
    ? [...problems]
    : problems.map((p) => ({ field: p.field, message: p.message.split(secret).join(REDACTED) }));

/**
 * Validates everything the builder was told and creates the client.
 * @throws {BuilderError} listing every problem at once
 */
export const buildClient = (state: BuilderState): TelemetryFlowClient => {
  const findings = new Findings();
  const credentials = makeCredentials(state, findings);
  const config = makeConfig(state, credentials, findings);
  const transport = resolveTransport(state, findings);
  if (findings.problems.length > 0 || config === undefined || transport === undefined) {
    throw new BuilderError(redact(findings.problems, state.keySecret), findings.cause);
  }
  const options: ClientOptions = {
    transport,
    ...(state.registerGlobal === undefined ? {} : { registerGlobal: state.registerGlobal }),
    ...(state.onDiagnostic === undefined ? {} : { onDiagnostic: state.onDiagnostic }),
  };
  return new TelemetryFlowClient(config, options);
};
