import { mergeConfig } from 'vitest/config';
import { ioTestConfig } from '@telemetryflow-internal/test-utils/vitest-config';

// @telemetryflow/middleware-nestjs is linked from the workspace with its own devDependencies, Nest 12:
// its dist would import that copy. An installed package has one copy of its peers, the app's: resolve
// Nest's packages from here, as an install would.
export default mergeConfig(ioTestConfig, {
  resolve: {
    dedupe: ['@nestjs/common', '@nestjs/core', '@nestjs/platform-express', '@nestjs/platform-fastify'],
  },
});
