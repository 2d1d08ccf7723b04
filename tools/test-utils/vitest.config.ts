import { ioTestConfig } from './vitest-config.js';

export default ioTestConfig;
