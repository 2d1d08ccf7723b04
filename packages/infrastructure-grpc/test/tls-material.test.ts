import { describeTlsFileLoading } from '@telemetryflow-internal/test-utils/tls-file-loading';
import { TelemetryFlowBuilder } from '@telemetryflow/client';
import { describe, expect, it } from 'vitest';
import { OTEL_TLS_ENV, createGrpcTransport } from '../src/index.js';
import { hasTlsSettings, resolveTlsMaterial } from '../src/tls-material.js';
import { KEY_ID, SECRET } from './support/fixtures.js';

describeTlsFileLoading({
  name: 'OTLP/gRPC',
  resolve: (options, env) => resolveTlsMaterial(options, env),
  initialize: (env) => {
    new TelemetryFlowBuilder({})
      .withApiKey(KEY_ID, SECRET)
      .withEndpoint('localhost:4317')
      .withService('svc')
      .withInsecure(false)
      .withExporter(createGrpcTransport({ env }))
      .build()
      .initialize();
  },
});

describe('hasTlsSettings', () => {
  it('sees options and variables without reading files', () => {
    expect(hasTlsSettings({}, {})).toBe(false);
    expect(hasTlsSettings({ ca: 'x' }, {})).toBe(true);
    expect(hasTlsSettings({}, { [OTEL_TLS_ENV.CERTIFICATE]: '/nowhere.pem' })).toBe(true);
  });
});
