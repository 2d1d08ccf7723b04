import {
  ALL_SIGNALS,
  BuilderError,
  CONFIG_DEFAULTS,
  ConfigError,
  Credentials,
  CredentialsError,
  DEFAULT_ENDPOINT,
  Protocol,
  MIN_SECRET_LENGTH,
  createRedactor,
  TelemetryConfig,
  isProtocol,
} from '@telemetryflow/domain';
import type {
  ExportTransport,
  ExportTransportFactory,
  Problem,
  SignalOverrides,
  SignalType,
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

/** The protocol of an explicit transport factory that says it (`createGrpcTransport()` does). */
const spokenProtocol = (state: BuilderState): Protocol | undefined =>
  typeof state.transport === 'function' ? state.transport.protocol : undefined;

/**
 * The protocol chosen (`withGrpc()`, `withHttp()`, the variables), else the explicit transport's,
 * else gRPC.
 */
const protocolOf = (state: BuilderState): Protocol =>
  state.options.protocol ?? spokenProtocol(state) ?? CONFIG_DEFAULTS.protocol;

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

/**
 * The per-signal OTLP endpoints (`OTEL_EXPORTER_OTLP_{SIGNAL}_ENDPOINT`) as overrides and paths.
 * HTTP: the URL is used as it is (the specification's rule), so its path becomes the signal's path
 * (`/` when it has none) unless `withSignalPath()` set one. gRPC: `host:port`, port 4317 by default.
 * The scheme gives `insecure` unless that was set for the signal.
 */
const signalEndpointOptions = (
  state: BuilderState,
  protocol: Protocol,
): Pick<TelemetryConfigOptions, 'signalOverrides' | 'signalPaths'> => {
  const overrides: Partial<Record<SignalType, SignalOverrides>> = { ...state.options.signalOverrides };
  const paths: Partial<Record<SignalType, string>> = { ...state.options.signalPaths };
  for (const signal of ALL_SIGNALS) {
    const otlp = state.otlpSignalEndpoints[signal];
    if (otlp === undefined) continue;
    const own = overrides[signal] ?? {};
    const { endpoint, insecure } = resolveOtlpEndpoint(otlp, protocol);
    if (protocol === Protocol.HTTP && otlp.scheme !== undefined) {
      const url = new URL(otlp.url);
      overrides[signal] = { ...own, endpoint: url.origin, insecure: own.insecure ?? insecure };
      paths[signal] ??= url.pathname === '' ? '/' : url.pathname;
    } else {
      overrides[signal] = {
        ...own,
        endpoint,
        ...(insecure === undefined || own.insecure !== undefined ? {} : { insecure }),
      };
    }
  }
  return {
    ...(Object.keys(overrides).length === 0 ? {} : { signalOverrides: overrides }),
    ...(Object.keys(paths).length === 0 ? {} : { signalPaths: paths }),
  };
};

/** The options `TelemetryConfig` gets: what was set, plus the OTel endpoints and attributes. */
const configOptions = (state: BuilderState, credentials: Credentials): TelemetryConfigOptions => {
  const { customAttributes, ...options } = state.options;
  const protocol = protocolOf(state);
  const otlp =
    state.otlpEndpoint === undefined ? undefined : resolveOtlpEndpoint(state.otlpEndpoint, protocol);
  const insecure = options.insecure ?? otlp?.insecure;
  // `OTEL_RESOURCE_ATTRIBUTES` is the `env` resource detector: left out when the detectors exclude it.
  const env = options.resourceDetectors?.includes('env') ?? true;
  const attributes = { ...(env ? state.otelAttributes : {}), ...customAttributes };
  return {
    ...options,
    protocol,
    ...signalEndpointOptions(state, protocol),
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
  const protocol = protocolOf(state);
  for (const { variable, protocol: wanted } of state.signalProtocols) {
    if (wanted !== protocol) {
      findings.add([
        {
          field: variable,
          message: `${variable} asks for ${wanted} but the client exports over ${protocol}: one protocol serves every signal`,
        },
      ]);
    }
  }
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
  const protocol = protocolOf(state);
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
 * Belt and braces: no message may carry the secret, whatever a variable was set to. A secret
 * shorter than `MIN_SECRET_LENGTH` is left alone: it would collide with the messages' own words
 * (an invalid secret `secret` must not turn "API key secret must start with…" into "API key [REDACTED]…").
 */
const redact = (problems: readonly Problem[], secret: string | undefined): Problem[] => {
  const hide = createRedactor(secret !== undefined && secret.length >= MIN_SECRET_LENGTH ? [secret] : []);
  return problems.map((p) => ({ field: p.field, message: hide(p.message) }));
};

/**
 * `OTEL_SDK_DISABLED=true` (or `withDisabled()`): a no-op client, whatever else is configured or
 * missing, so that a service can turn telemetry off without supplying keys or endpoints. Its
 * `config` is the configuration when that is valid, else a placeholder.
 */
const buildDisabledClient = (state: BuilderState): TelemetryFlowClient => {
  let config: TelemetryConfig;
  try {
    config = new TelemetryConfig(
      configOptions(state, new Credentials(state.keyId ?? '', state.keySecret ?? '')),
    );
  } catch {
    config = new TelemetryConfig({
      credentials: PLACEHOLDER_CREDENTIALS,
      endpoint: DEFAULT_ENDPOINT,
      serviceName: 'unknown_service',
    });
  }
  return new TelemetryFlowClient(config, { disabled: true }); // needs no transport package
};

/**
 * An explicit transport factory that says its protocol (`withExporter(createHttpTransport())`)
 * conflicts with a different protocol chosen (`withGrpc()`, `TELEMETRYFLOW_PROTOCOL`,
 * `OTEL_EXPORTER_OTLP_PROTOCOL`).
 */
const checkTransportProtocol = (state: BuilderState, findings: Findings): void => {
  const spoken = spokenProtocol(state);
  const chosen = state.options.protocol;
  if (spoken === undefined || chosen === undefined || !isProtocol(chosen) || chosen === spoken) return;
  findings.add([
    {
      field: 'protocol',
      message: `withExporter() was given a ${spoken} transport but the protocol is ${chosen}: use one protocol (drop withGrpc()/withHttp() or the protocol variable, or pass the ${chosen} transport)`,
    },
  ]);
};

/**
 * Validates everything the builder was told and creates the client.
 * @throws {BuilderError} listing every problem at once
 */
export const buildClient = (state: BuilderState): TelemetryFlowClient => {
  if (state.disabled === true) return buildDisabledClient(state);
  const findings = new Findings();
  checkTransportProtocol(state, findings);
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
