import { readFileSync } from 'node:fs';
import { ConfigError } from '@telemetryflow/domain';
import type { GrpcTransportOptions, Pem } from './grpc-transport-options.js';

/** The standard OpenTelemetry variables naming PEM files for the exporter's TLS. */
export const OTEL_TLS_ENV = Object.freeze({
  CERTIFICATE: 'OTEL_EXPORTER_OTLP_CERTIFICATE',
  CLIENT_CERTIFICATE: 'OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE',
  CLIENT_KEY: 'OTEL_EXPORTER_OTLP_CLIENT_KEY',
});

/** PEM bytes for the channel's TLS, each from an option or else its variable. */
export interface TlsMaterial {
  readonly ca?: Buffer;
  readonly cert?: Buffer;
  readonly key?: Buffer;
}

type Env = Readonly<Record<string, string | undefined>>;

const fileNamedBy = (env: Env, variable: string): Buffer | undefined => {
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

const bytesOf = (pem: Pem | undefined): Buffer | undefined =>
  pem === undefined ? undefined : Buffer.isBuffer(pem) ? pem : Buffer.from(pem, 'utf8');

/** True when TLS material was given, by option or variable (files are not read). */
export const hasTlsSettings = (options: GrpcTransportOptions, env: Env): boolean =>
  options.ca !== undefined ||
  options.cert !== undefined ||
  options.key !== undefined ||
  Object.values(OTEL_TLS_ENV).some((variable) => (env[variable]?.trim() ?? '') !== '');

/**
 * The CA and client certificate for the channel: each option, else the file its
 * `OTEL_EXPORTER_OTLP_*` variable names, read now.
 * @throws {ConfigError} naming the variable whose file cannot be read, or when only one of the
 * client certificate and key is set
 */
export const resolveTlsMaterial = (options: GrpcTransportOptions, env: Env): TlsMaterial => {
  const ca = bytesOf(options.ca) ?? fileNamedBy(env, OTEL_TLS_ENV.CERTIFICATE);
  const cert = bytesOf(options.cert) ?? fileNamedBy(env, OTEL_TLS_ENV.CLIENT_CERTIFICATE);
  const key = bytesOf(options.key) ?? fileNamedBy(env, OTEL_TLS_ENV.CLIENT_KEY);
  if ((cert === undefined) !== (key === undefined)) {
    throw new ConfigError([
      {
        field: cert === undefined ? 'cert' : 'key',
        message: `a client certificate needs its key and a key its certificate (cert / ${OTEL_TLS_ENV.CLIENT_CERTIFICATE}, key / ${OTEL_TLS_ENV.CLIENT_KEY})`,
      },
    ]);
  }
  return { ...(ca && { ca }), ...(cert && { cert }), ...(key && { key }) };
};
