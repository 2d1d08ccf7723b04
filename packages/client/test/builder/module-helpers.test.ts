import '../support/without-transports.js';
import { BuilderError, Credentials, TelemetryConfig } from '@telemetryflow/domain';
import type { ExportTransport } from '@telemetryflow/domain';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  mustNewFromEnv,
  mustNewSimple,
  newBuilder,
  newClient,
  newFromEnv,
  newSimple,
} from '../../src/builder/module-helpers.js';
import { TelemetryFlowBuilder } from '../../src/builder/telemetry-flow-builder.js';
import { TelemetryFlowClient } from '../../src/telemetry-flow-client.js';

const ID = 'tfk_helper-id';
const SECRET = 'tfs_helper-secret';
const transport: ExportTransport = { send: async () => ({ status: 'success' }), shutdown: async () => {} };
const ENV = {
  TELEMETRYFLOW_API_KEY_ID: ID,
  TELEMETRYFLOW_API_KEY_SECRET: SECRET,
  TELEMETRYFLOW_SERVICE_NAME: 'helper-svc',
  TELEMETRYFLOW_ENDPOINT: 'collector:4317',
};

describe('module helpers', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  describe('newBuilder', () => {
    it('returns a new builder over the given environment', () => {
      const builder = newBuilder(ENV);
      expect(builder).toBeInstanceOf(TelemetryFlowBuilder);
      expect(newBuilder(ENV)).not.toBe(builder);
      const config = builder.withAutoConfiguration().withExporter(transport).build().config;
      expect(config.serviceName).toBe('helper-svc');
    });

    it('reads process.env by default', () => {
      vi.stubEnv('TELEMETRYFLOW_SERVICE_NAME', 'process-svc');
      const client = newBuilder().withApiKey(ID, SECRET).withServiceFromEnv().withExporter(transport).build();
      expect(client.config.serviceName).toBe('process-svc');
    });
  });

  describe.each([
    ['newFromEnv', newFromEnv],
    ['mustNewFromEnv', mustNewFromEnv],
  ])('%s', (_name, fromEnv) => {
    it('auto-configures and builds (reporting the missing transport package)', () => {
      expect(() => fromEnv(ENV)).toThrow(BuilderError);
      expect(() => fromEnv(ENV)).toThrow(/@telemetryflow\/infrastructure-grpc/);
    });

    it('reports every missing variable', () => {
      let error: unknown;
      try {
        fromEnv({});
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(BuilderError);
      expect((error as BuilderError).problems.map((p) => p.field)).toEqual([
        'keyId',
        'keySecret',
        'serviceName',
        'protocol',
      ]);
    });

    it('reads process.env by default', () => {
      vi.stubEnv('TELEMETRYFLOW_PROTOCOL', 'udp');
      expect(() => fromEnv()).toThrow(/TELEMETRYFLOW_PROTOCOL/);
    });
  });

  describe.each([
    ['newSimple', newSimple],
    ['mustNewSimple', mustNewSimple],
  ])('%s', (_name, simple) => {
    it('builds from the four settings (reporting the missing transport package)', () => {
      expect(() => simple(ID, SECRET, 'collector:4317', 'svc')).toThrow(
        /@telemetryflow\/infrastructure-grpc/,
      );
    });

    it('validates the four settings', () => {
      let error: unknown;
      try {
        simple('bad', SECRET, 'no port', '');
      } catch (e) {
        error = e;
      }
      expect((error as BuilderError).problems.map((p) => p.field)).toEqual([
        'keyId',
        'serviceName',
        'endpoint',
        'protocol',
      ]);
    });
  });

  describe('newClient', () => {
    it('wraps a config and options in a client', () => {
      const config = TelemetryConfig.create({
        credentials: Credentials.create(ID, SECRET),
        endpoint: 'collector:4317',
        serviceName: 'svc',
      });
      const client = newClient(config, { transport, registerGlobal: true });
      expect(client).toBeInstanceOf(TelemetryFlowClient);
      expect(client.config).toBe(config);
      expect(client.options).toEqual({ transport, registerGlobal: true });
    });
  });
});
