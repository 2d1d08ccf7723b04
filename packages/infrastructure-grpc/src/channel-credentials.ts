import { X509Certificate } from 'node:crypto';
import type { Socket } from 'node:net';
import { createSecureContext } from 'node:tls';
import type * as Grpc from '@grpc/grpc-js';
import type * as OtlpGrpc from '@opentelemetry/otlp-grpc-exporter-base';
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
 * with the client certificate when given. Made by OpenTelemetry's `createInsecureCredentials` /
 * `createSslCredentials` (grpc-js's `credentials.createInsecure` / `createSsl`), after our own
 * checks of the PEM material.
 * @throws {ConfigError} when the PEM material is not usable
 */
export const channelCredentialsOf = (
  otlp: Pick<typeof OtlpGrpc, 'createInsecureCredentials' | 'createSslCredentials'>,
  insecure: boolean,
  tls: TlsMaterial,
): Grpc.ChannelCredentials => {
  if (insecure) return otlp.createInsecureCredentials();
  checkTlsMaterial(tls);
  try {
    return otlp.createSslCredentials(tls.ca, tls.key, tls.cert);
  } catch (error) {
    const message = `unusable gRPC TLS key or certificate: ${(error as Error).message}`;
    throw invalid(tls.key === undefined ? 'ca' : 'key', message, error);
  }
};

const noRef = function (this: Socket): Socket {
  return this;
};

/**
 * Keeps `socket` (and the TLS socket over it) from holding the process open: grpc-js refs its HTTP/2
 * session, so its socket, while a call is active, and has no option against it. A collector that
 * accepts and never answers would then keep a finished script alive for the whole call deadline.
 * The client holds the process open itself while `flush()`/`shutdown()` are awaited and at the
 * natural exit (for its budget), as over HTTP, whose request sockets are unref'd too.
 */
const releaseFromEventLoop = (sockets: readonly Socket[]): void => {
  for (const socket of sockets) {
    socket.unref();
    socket.ref = noRef;
  }
};

/**
 * `inner`, with every connection it makes unref'd (see {@link releaseFromEventLoop}). Built on
 * `ChannelCredentials._createSecureConnector`, the hook grpc-js's own credential kinds implement;
 * a grpc-js without it gets `inner` unchanged (calls then hold the process open, as before).
 */
export const unrefCredentials = (
  grpc: typeof Grpc,
  inner: Grpc.ChannelCredentials,
): Grpc.ChannelCredentials => {
  if (typeof inner._createSecureConnector !== 'function') return inner;
  class UnrefCredentials extends grpc.ChannelCredentials {
    override _isSecure(): boolean {
      return inner._isSecure();
    }

    override _equals(other: Grpc.ChannelCredentials): boolean {
      return other === this;
    }

    override _createSecureConnector(
      ...args: Parameters<Grpc.ChannelCredentials['_createSecureConnector']>
    ): ReturnType<Grpc.ChannelCredentials['_createSecureConnector']> {
      const connector = inner._createSecureConnector(...args);
      return {
        connect: async (socket) => {
          const result = await connector.connect(socket);
          releaseFromEventLoop([socket, result.socket]);
          return result;
        },
        waitForReady: () => connector.waitForReady(),
        getCallCredentials: () => connector.getCallCredentials(),
        destroy: () => connector.destroy(),
      };
    }
  }
  return new UnrefCredentials();
};
