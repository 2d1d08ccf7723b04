/** Longest wait between two attempts, whatever the server or the backoff says. */
export const MAX_RETRY_DELAY_MS = 5 * 60_000;

/**
 * Delay before retry number `retry` (1-based): exponential from `baseMs`, with "equal jitter"
 * (half fixed, half random) so clients that failed together do not retry together. A delay the
 * server asked for (`retryAfterMs`) wins.
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
  const exponential = Math.min(baseMs * 2 ** (retry - 1), MAX_RETRY_DELAY_MS);
  return exponential / 2 + random() * (exponential / 2);
};
