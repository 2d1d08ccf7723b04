import { defineConfig } from 'vitest/config';

// Limits for a hung test on 2 busy cores, not speed claims (see tools/test-utils/vitest-config.js).
export default defineConfig({
  test: {
    include: ['test/**/*.test.js'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
