import type { ViteUserConfig } from 'vitest/config';

/** Per-test and per-hook limit, in ms, of the packages whose tests do real I/O. */
export declare const IO_TEST_TIMEOUT_MS: number;

/** Vitest settings of every package whose tests start servers, child processes or send hundreds of requests. */
export declare const ioTestConfig: ViteUserConfig;
