import { describeTlsFileLoading } from '@telemetryflow-internal/test-utils/tls-file-loading';
import { TelemetryFlowBuilder } from '@telemetryflow/client';
import { vi } from 'vitest';
import { createTransport } from '../src/index.js';
import { resolveTls } from '../src/tls-settings.js';
import { KEY_ID, SECRET } from './helpers.js';

describeTlsFileLoading({
  name: 'OTLP/HTTP',
  resolve: (options, env) => resolveTls(options, env),
  initialize: (env) => {
    // The HTTP transport reads process.env (no env option).
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    try {
      new TelemetryFlowBuilder({})
        .withApiKey(KEY_ID, SECRET)
        .withEndpoint('localhost:4318')
        .withService('svc')
        .withInsecure(false)
        .withExporter(createTransport)
        .build()
        .initialize();
    } finally {
      vi.unstubAllEnvs();
    }
  },
});
