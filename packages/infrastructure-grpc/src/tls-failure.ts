import { OTEL_TLS_ENV } from './tls-material.js';

// Node's messages for certificate verification errors (grpc-js keeps the message, not the code).
const CERTIFICATE_NOT_ACCEPTED =
  /self[- ]signed certificate(?: in certificate chain)?|unable to verify the first certificate|unable to get (?:local )?issuer certificate|certificate has expired|certificate is not yet valid|certificate not trusted|certificate rejected|Hostname\/IP does not match certificate's altnames[^.(]*/i;

// OpenSSL errors read `…:error:0A00045C:SSL routines:<function>:<reason>:<file>:<line>…`.
const OPENSSL_REASON = /SSL routines:[^:]*:([^:]+)/;

const CA_HINT = `pass the collector CA with createGrpcTransport({ ca }) or ${OTEL_TLS_ENV.CERTIFICATE}`;

const handshakeHint = (reason: string): string => {
  if (/certificate required|bad certificate|unknown ca|certificate unknown/i.test(reason)) {
    return `the collector wants a client certificate it trusts: pass cert and key to createGrpcTransport() or ${OTEL_TLS_ENV.CLIENT_CERTIFICATE} and ${OTEL_TLS_ENV.CLIENT_KEY}`;
  }
  if (/wrong version number|packet length too long|record layer failure/i.test(reason)) {
    return 'the collector does not seem to speak TLS on this port (plaintext needs insecure / withInsecure())';
  }
  return 'check the TLS settings of the collector and of createGrpcTransport()';
};

/**
 * Says what went wrong when a TLS connection could not be made for a reason retrying cannot
 * fix (a certificate not accepted, a handshake refused), with what to do about it; `undefined`
 * for any other connection problem.
 */
export const tlsFailureOf = (details: string): string | undefined => {
  const certificate = CERTIFICATE_NOT_ACCEPTED.exec(details);
  if (certificate !== null) {
    return `TLS certificate of the collector not accepted (${certificate[0].trim()}); ${CA_HINT}`;
  }
  const openssl = OPENSSL_REASON.exec(details)?.[1]?.trim();
  if (openssl !== undefined) return `TLS handshake failed (${openssl}); ${handshakeHint(openssl)}`;
  return undefined;
};
