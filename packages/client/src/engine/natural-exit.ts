type ExitFlush = () => Promise<void>;

const flushes = new Set<ExitFlush>();

/**
 * `beforeExit` fires when the event loop has nothing left to do: the process is about to end
 * naturally (not through `process.exit()`, a signal or a crash). Each registered client shuts down
 * then, once; the work that starts keeps the loop alive until it is done, then the process exits.
 * One listener for every client, so many clients add no listener warnings.
 */
const onBeforeExit = (): void => {
  const due = [...flushes];
  flushes.clear();
  process.off('beforeExit', onBeforeExit);
  for (const flush of due) void flush();
};

/** Runs `flush` once when the process is about to exit naturally; returns the unregistration. */
export const onNaturalExit = (flush: ExitFlush): (() => void) => {
  if (flushes.size === 0) process.on('beforeExit', onBeforeExit);
  flushes.add(flush);
  return () => {
    if (flushes.delete(flush) && flushes.size === 0) process.off('beforeExit', onBeforeExit);
  };
};
