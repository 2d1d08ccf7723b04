const DELTA_SECONDS = /^\d+$/;
// IMF-fixdate, RFC 850 and asctime dates all start with the day of the week.
const HTTP_DATE = /^(mon|tue|wed|thu|fri|sat|sun)[a-z]*,? /i;

/**
 * Milliseconds a `Retry-After` header asks to wait: delta-seconds (`120`) or an HTTP date
 * (`Wed, 21 Oct 2026 07:28:00 GMT`, 0 when in the past). `undefined` when absent or unreadable.
 */
export const parseRetryAfter = (value: string | undefined, now: number = Date.now()): number | undefined => {
  const text = value?.trim() ?? '';
  if (DELTA_SECONDS.test(text)) return Number(text) * 1000;
  if (!HTTP_DATE.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
};
