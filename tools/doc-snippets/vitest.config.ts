import { ioTestConfig } from '@telemetryflow-internal/test-utils/vitest-config';

export default ioTestConfig;
