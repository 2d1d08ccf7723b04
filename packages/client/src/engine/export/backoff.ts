/** Longest wait between two attempts that a server may ask for (`Retry-After`, gRPC `RetryInfo`). */
export const MAX_RETRY_DELAY_MS = 5 * 60_000;

/**
 * Longest backoff of the SDK's own: once a collector is back, every signal sends again within it.
 * The same shape as OpenTelemetry JS's OTLP retries (×1.5 per retry, 5 s at most); a larger
 * `retryBackoffMs` is its own cap.
 */
export const MAX_BACKOFF_MS = 5_000;
const GROWTH = 1.5;

/**
 * Delay before retry number `retry` (1-based): from `baseMs`, ×1.5 per retry up to
 * `max(baseMs, 5 s)`, with "equal jitter" (half fixed, half random) so clients that failed together
 * do not retry together. A delay the server asked for (`retryAfterMs`) wins, up to 5 min.
 */
export const retryDelay = (
  retry: number,
  baseMs: number,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number => {
  if (retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs >= 0) {
    return Math.min(retryAfterMs, MAX_RETRY_DELAY_MS);
  }
  const exponential = Math.min(baseMs * GROWTH ** (retry - 1), Math.max(baseMs, MAX_BACKOFF_MS));
  return exponential / 2 + random() * (exponential / 2);
};
