import { describe, expect, it } from 'vitest';
import { tlsFailureOf } from '../src/tls-failure.js';

const lastError = (message: string): string =>
  `No connection established. Last error: ${message}. Resolution note:`;

describe('tlsFailureOf', () => {
  it.each([
    ['self-signed certificate', 'Error: self-signed certificate'],
    ['self-signed certificate in certificate chain', 'Error: self-signed certificate in certificate chain'],
    ['unable to verify the first certificate', 'Error: unable to verify the first certificate'],
    ['unable to get local issuer certificate', 'Error: unable to get local issuer certificate'],
    ['certificate has expired', 'Error: certificate has expired'],
    [
      "Hostname/IP does not match certificate's altnames: Host: collector",
      "Error [ERR_TLS_CERT_ALTNAME_INVALID]: Hostname/IP does not match certificate's altnames: Host: collector. is not in the cert's altnames: DNS:localhost",
    ],
  ])('names a certificate the client does not accept (%s) and how to trust it', (what, message) => {
    expect(tlsFailureOf(lastError(message))).toBe(
      `TLS certificate of the collector not accepted (${what}); pass the collector CA with createGrpcTransport({ ca }) or OTEL_EXPORTER_OTLP_CERTIFICATE`,
    );
  });

  it('reads the reason of an OpenSSL handshake error', () => {
    const openssl =
      '808CAF0C4B7F0000:error:0A00045C:SSL routines:ssl3_read_bytes:tlsv13 alert certificate required:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number 116';

    expect(tlsFailureOf(lastError(openssl))).toMatch(
      /^TLS handshake failed \(tlsv13 alert certificate required\); the collector wants a client certificate/,
    );
  });

  it('returns undefined for connection problems that are not about TLS', () => {
    expect(tlsFailureOf(lastError('connect ECONNREFUSED 127.0.0.1:4317'))).toBeUndefined();
    expect(tlsFailureOf('Connection dropped')).toBeUndefined();
  });
});
