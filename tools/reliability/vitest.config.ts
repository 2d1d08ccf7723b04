import { ioTestConfig } from '@telemetryflow-internal/test-utils/vitest-config';
import { defineConfig, mergeConfig } from 'vitest/config';

export default mergeConfig(
  ioTestConfig,
  defineConfig({
    test: {
      // Memory figures are taken after a forced collection (test/support/memory.ts).
      execArgv: ['--expose-gc'],
      // Faults run on real timers (a collector away for 5 s, retries, shutdown deadlines) and each
      // scenario records bursts of 20k items: one file at a time keeps the machine's load from
      // stretching every scenario at once.
      fileParallelism: false,
    },
  }),
);
