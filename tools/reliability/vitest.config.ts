import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Memory figures are taken after a forced collection (test/support/memory.ts).
    execArgv: ['--expose-gc'],
    // Faults run on real timers: a collector away for 5 s, retries, shutdown deadlines. One file at a
    // time, so that the timed bounds do not depend on how many cores the CI machine has.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
});
