import type { ExportOutcome } from '@telemetryflow/domain';

// Certificate problems: retrying cannot fix them, so they fail at once with a hint.
const TLS_CERT_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

const TLS_HINT = 'pass the collector CA with createHttpTransport({ ca }) or OTEL_EXPORTER_OTLP_CERTIFICATE';

// OpenSSL errors read `…:error:0A00010B:SSL routines:<function>:<reason>:<file>:<line>…`.
const OPENSSL_REASON = /SSL routines:[^:]*:([^:]+)/;
const NOT_TLS = /wrong version number|packet length too long|record layer failure/i;
const NOT_TLS_HINT =
  'the collector does not seem to speak TLS on this port (plaintext needs insecure / withInsecure())';

/** llhttp's parse errors: what came back is not an HTTP/1.1 response. */
const NOT_HTTP1_HINT =
  'is it an OTLP/gRPC port? OTLP/HTTP is usually on 4318, OTLP/gRPC on 4317 (use the gRPC protocol there)';
const PLAINTEXT_HINT = 'if the collector expects TLS on this port, use https:// without insecure';

/**
 * The outcome of a request that got no response: TLS errors and requests Node refused to send
 * (e.g. an invalid header) fail, since retrying cannot help; connection errors and timeouts are
 * retryable.
 */
export const networkOutcome = (
  error: Error,
  timedOut: boolean,
  timeoutMs: number,
  url: string,
): ExportOutcome => {
  if (timedOut) {
    return { status: 'retryable', reason: `no complete response from ${url} within ${timeoutMs} ms` };
  }
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const what = code === '' || error.message.includes(code) ? error.message : `${code}: ${error.message}`;
  if (TLS_CERT_CODES.has(code)) {
    return { status: 'failed', reason: `TLS certificate of ${url} not accepted (${what}); ${TLS_HINT}` };
  }
  if (code.startsWith('ERR_SSL_')) {
    // OpenSSL's message is a long internal trace; the code says it (e.g. a client certificate is required).
    return { status: 'failed', reason: `TLS handshake with ${url} failed (${code})` };
  }
  const openssl = code === 'EPROTO' ? OPENSSL_REASON.exec(error.message)?.[1]?.trim() : undefined;
  if (openssl !== undefined) {
    // TLS to a port that answers in plaintext: retrying cannot help.
    const hint = NOT_TLS.test(openssl)
      ? NOT_TLS_HINT
      : 'check the TLS settings of the collector and the transport';
    return { status: 'failed', reason: `TLS handshake with ${url} failed (${openssl}); ${hint}` };
  }
  if (code.startsWith('HPE_')) {
    return { status: 'failed', reason: `${url} did not answer in HTTP/1.1 (${code}): ${NOT_HTTP1_HINT}` };
  }
  if (code.startsWith('ERR_INVALID_') || code.startsWith('ERR_HTTP_INVALID')) {
    return { status: 'failed', reason: `request to ${url} not sent: ${what}` };
  }
  // A plaintext request to a TLS port ends in a reset without an answer: say what to check.
  const hint = code === 'ECONNRESET' && url.startsWith('http:') ? `; ${PLAINTEXT_HINT}` : '';
  return { status: 'retryable', reason: `request to ${url} failed: ${what}${hint}` };
};
