// Plain JavaScript (types in vitest-config.d.ts): Vitest loads each package's config with Node, which
// cannot import TypeScript from another workspace package.
import { defineConfig } from 'vitest/config';

/**
 * Per-test and per-hook limit, in ms, of the packages whose tests do real I/O. The suite runs on 2
 * shared, often busy cores, where a test that passes alone in 1 s can take many times that: this is
 * the limit for a hung test, not a speed claim (those live in `pnpm bench`).
 */
export const IO_TEST_TIMEOUT_MS = 120_000;

/**
 * Vitest settings of every package whose tests start servers, child processes or send hundreds of
 * requests. Tests wait for events, never for a time, and set no timeout of their own.
 */
export const ioTestConfig = defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: IO_TEST_TIMEOUT_MS,
    hookTimeout: IO_TEST_TIMEOUT_MS,
    teardownTimeout: 30_000,
  },
});
