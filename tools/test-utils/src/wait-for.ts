/**
 * Deadline, in ms, of a `flush()`, `shutdown()`, export request or wait whose timing is not what
 * the test checks. These return as soon as their work is done, so a long deadline costs a passing
 * test nothing; it only bounds one that has already failed, and holds on a busy 2-core machine.
 */
export const AMPLE_MS = 30_000;

/**
 * Polls `check` until it returns a truthy value (the event the test waits for), or throws with
 * `what` after `timeoutMs`, a bound for a test that has already failed, not a speed claim.
 */
export const waitFor = async <T>(
  check: () => T,
  what: string,
  timeoutMs = AMPLE_MS,
): Promise<NonNullable<T>> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};
