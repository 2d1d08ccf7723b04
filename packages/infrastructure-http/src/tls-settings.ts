import { readFileSync } from 'node:fs';
import { ConfigError } from '@telemetryflow/domain';
import type { HttpTransportOptions, Pem } from './http-transport-options.js';

/** The standard OpenTelemetry variables naming PEM files, used when an option is not given. */
export const OTEL_TLS_ENV = Object.freeze({
  ca: 'OTEL_EXPORTER_OTLP_CERTIFICATE',
  cert: 'OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE',
  key: 'OTEL_EXPORTER_OTLP_CLIENT_KEY',
});

export interface TlsSettings {
  readonly ca?: Pem;
  readonly cert?: Pem;
  readonly key?: Pem;
}

type TlsField = keyof typeof OTEL_TLS_ENV;

const fromEnv = (field: TlsField, env: NodeJS.ProcessEnv): Buffer | undefined => {
  const variable = OTEL_TLS_ENV[field];
  const path = env[variable]?.trim();
  if (path === undefined || path === '') return undefined;
  try {
    return readFileSync(path);
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new ConfigError(
      [{ field: variable, message: `${variable}=${path} cannot be read (${why})` }],
      error,
    );
  }
};

/**
 * The TLS material to use: each option as given, else the file its `OTEL_EXPORTER_OTLP_*`
 * variable names.
 * @throws {ConfigError} naming the variable when its file cannot be read, or when only one of
 * the client certificate and key is set
 */
export const resolveTls = (
  options: HttpTransportOptions,
  env: NodeJS.ProcessEnv = process.env,
): TlsSettings => {
  const pick = (field: TlsField): Pem | undefined => options[field] ?? fromEnv(field, env);
  const ca = pick('ca');
  const cert = pick('cert');
  const key = pick('key');
  if ((cert === undefined) !== (key === undefined)) {
    throw new ConfigError([
      {
        field: cert === undefined ? 'cert' : 'key',
        message: `a client certificate needs its key and a key its certificate (cert / ${OTEL_TLS_ENV.cert}, key / ${OTEL_TLS_ENV.key})`,
      },
    ]);
  }
  return {
    ...(ca === undefined ? {} : { ca }),
    ...(cert === undefined ? {} : { cert }),
    ...(key === undefined ? {} : { key }),
  };
};
