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
  if (code.startsWith('ERR_INVALID_') || code.startsWith('ERR_HTTP_INVALID')) {
    return { status: 'failed', reason: `request to ${url} not sent: ${what}` };
  }
  return { status: 'retryable', reason: `request to ${url} failed: ${what}` };
};
