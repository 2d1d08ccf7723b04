/** Polls `check` until it returns a truthy value or `timeoutMs` passes (then throws with `what`). */
export const waitFor = async <T>(
  check: () => T,
  what: string,
  timeoutMs = 5_000,
): Promise<NonNullable<T>> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};
