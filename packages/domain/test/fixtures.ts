import { Credentials, TelemetryConfig } from '../src/index.js';
import type { TelemetryConfigOptions } from '../src/index.js';

export const SECRET = 'tfs_very-secret-value';
export const credentials = Credentials.create('tfk_key-id', SECRET);

export const makeConfig = (overrides: Partial<TelemetryConfigOptions> = {}): TelemetryConfig =>
  TelemetryConfig.create({ credentials, endpoint: 'localhost:4317', serviceName: 'checkout', ...overrides });
