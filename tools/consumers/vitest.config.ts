import { ioTestConfig } from '@telemetryflow-internal/test-utils/vitest-config';
import { mergeConfig } from 'vitest/config';

/**
 * The I/O packages' limits, but a hook here packs 17 packages or installs an app from the registry
 * cache, which takes minutes on 2 busy cores: a limit for a hung install, not a speed claim.
 */
export default mergeConfig(ioTestConfig, { test: { hookTimeout: 1_200_000 } });
