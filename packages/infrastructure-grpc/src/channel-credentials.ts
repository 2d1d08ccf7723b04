import { X509Certificate } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import type * as Grpc from '@grpc/grpc-js';
import { ConfigError } from '@telemetryflow/domain';
import { OTEL_TLS_ENV } from './tls-material.js';
import type { TlsMaterial } from './tls-material.js';

const invalid = (field: string, message: string, cause?: unknown): ConfigError =>
  new ConfigError([{ field, message }], cause);

/** Node accepts any text as a CA list (and then trusts nothing): check there is a certificate. */
const assertCertificate = (pem: Buffer | undefined, field: string, variable: string): void => {
  if (pem === undefined) return;
  try {
    new X509Certificate(pem);
  } catch (error) {
    throw invalid(
      field,
      `the gRPC ${field} (option ${field} or ${variable}) is not a PEM certificate`,
      error,
    );
  }
};

/**
 * Checks the PEM material without grpc-js (so it can run at `initialize()`, before grpc-js is
 * loaded): certificates parse, and the key matches the client certificate.
 * @throws {ConfigError} when the PEM material is not usable
 */
export const checkTlsMaterial = (tls: TlsMaterial): void => {
  assertCertificate(tls.ca, 'ca', OTEL_TLS_ENV.CERTIFICATE);
  assertCertificate(tls.cert, 'cert', OTEL_TLS_ENV.CLIENT_CERTIFICATE);
  if (tls.key === undefined && tls.cert === undefined) return;
  try {
    createSecureContext({ key: tls.key, cert: tls.cert });
  } catch (error) {
    throw invalid('cert', `unusable gRPC TLS key or certificate: ${(error as Error).message}`, error);
  }
};

/**
 * Plaintext when `insecure`, else TLS verified against `tls.ca` (the system CAs when absent),
 * with the client certificate when given.
 * @throws {ConfigError} when the PEM material is not usable
 */
export const channelCredentialsOf = (
  grpc: typeof Grpc,
  insecure: boolean,
  tls: TlsMaterial,
): Grpc.ChannelCredentials => {
  if (insecure) return grpc.credentials.createInsecure();
  checkTlsMaterial(tls);
  try {
    return grpc.credentials.createSsl(tls.ca ?? null, tls.key ?? null, tls.cert ?? null);
  } catch (error) {
    const message = `unusable gRPC TLS key or certificate: ${(error as Error).message}`;
    throw invalid(tls.key === undefined ? 'ca' : 'key', message, error);
  }
};
