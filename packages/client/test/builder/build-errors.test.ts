import '../support/without-transports.js';
import { inspect } from 'node:util';
import {
  BuilderError,
  ConfigError,
  CredentialsError,
  Protocol,
  TelemetryFlowError,
} from '@telemetryflow/domain';
import type { ExportTransport, ExportTransportFactory } from '@telemetryflow/domain';
import { describe, expect, it } from 'vitest';
import { TelemetryFlowBuilder } from '../../src/builder/telemetry-flow-builder.js';

const ID = 'tfk_errors-id';
const SECRET = 'tfs_ZEBRA-7731-do-not-leak';
const transport: ExportTransport = { send: async () => ({ status: 'success' }), shutdown: async () => {} };

const errorOf = (builder: TelemetryFlowBuilder): BuilderError => {
  try {
    builder.build();
  } catch (error) {
    expect(error).toBeInstanceOf(BuilderError);
    return error as BuilderError;
  }
  throw new Error('expected build() to throw');
};

/** Every way the error can be printed or serialized. */
const renderings = (error: BuilderError): string[] => [
  error.message,
  String(error),
  error.stack ?? '',
  inspect(error, { depth: Infinity }),
  JSON.stringify(error),
  JSON.stringify(error.problems),
  inspect(error.cause, { depth: Infinity }),
];

describe('TelemetryFlowBuilder.build errors', () => {
  it('reports every missing required setting at once', () => {
    const error = errorOf(new TelemetryFlowBuilder({}).withExporter(transport));
    expect(error.problems).toEqual([
      { field: 'keyId', message: 'API key ID is required (withApiKey() or TELEMETRYFLOW_API_KEY_ID)' },
      {
        field: 'keySecret',
        message: 'API key secret is required (withApiKey() or TELEMETRYFLOW_API_KEY_SECRET)',
      },
      {
        field: 'serviceName',
        message: 'service name is required (withService() or TELEMETRYFLOW_SERVICE_NAME)',
      },
    ]);
    expect(error.code).toBe('TF_BUILDER_INVALID');
    expect(error).toBeInstanceOf(TelemetryFlowError);
    expect(error.message).toMatch(/^Cannot build TelemetryFlow client: API key ID is required/);
  });

  it('treats blank required settings as missing', () => {
    const error = errorOf(
      new TelemetryFlowBuilder({}).withExporter(transport).withApiKey('', ' ').withService(' '),
    );
    expect(error.problems.map((p) => p.field)).toEqual(['keyId', 'keySecret', 'serviceName']);
  });

  it('collects credential, environment, configuration and transport problems together', () => {
    const error = errorOf(
      new TelemetryFlowBuilder({ TELEMETRYFLOW_TIMEOUT: '10s', TELEMETRYFLOW_INSECURE: 'maybe' })
        .withApiKey('bad-id', SECRET)
        .withService('svc')
        .withEndpoint('not an endpoint')
        .withRateLimit(0)
        .withBatchSettings(undefined, -1)
        .withAutoConfiguration(),
    );
    expect(error.problems.map((p) => p.field)).toEqual([
      'keyId',
      'TELEMETRYFLOW_INSECURE',
      'TELEMETRYFLOW_TIMEOUT',
      'endpoint',
      'rateLimit',
      'batchMaxSize',
      'protocol',
    ]);
    expect(error.problems[0]?.message).toBe("API key ID must start with 'tfk_'");
    expect(error.problems.at(-1)?.message).toContain('@telemetryflow/infrastructure-grpc');
    for (const problem of error.problems) expect(error.message).toContain(problem.message);
  });

  it('reports both halves of the key when one is missing and the other invalid', () => {
    const error = errorOf(
      new TelemetryFlowBuilder({}).withExporter(transport).withService('svc').withApiKey('bad', ''),
    );
    expect(error.problems.map((p) => p.message)).toEqual([
      'API key secret is required (withApiKey() or TELEMETRYFLOW_API_KEY_SECRET)',
      "API key ID must start with 'tfk_'",
    ]);
  });

  it('still validates the configuration when the credentials are invalid', () => {
    const error = errorOf(
      new TelemetryFlowBuilder({})
        .withExporter(transport)
        .withApiKey(ID, 'nope')
        .withService('s')
        .withTimeout(-1),
    );
    expect(error.problems.map((p) => p.field)).toEqual(['keySecret', 'timeoutMs']);
  });

  it('has the first underlying error as its cause', () => {
    const credentials = errorOf(new TelemetryFlowBuilder({}).withExporter(transport).withApiKey('x', SECRET));
    expect(credentials.cause).toBeInstanceOf(CredentialsError);
    const config = errorOf(
      new TelemetryFlowBuilder({})
        .withExporter(transport)
        .withApiKey(ID, SECRET)
        .withService('s')
        .withTimeout(0),
    );
    expect(config.cause).toBeInstanceOf(ConfigError);
  });

  describe('the API key secret', () => {
    it('never appears in the error, however it is printed', () => {
      const error = errorOf(
        new TelemetryFlowBuilder({ TELEMETRYFLOW_API_KEY_SECRET: SECRET, TELEMETRYFLOW_TIMEOUT: 'x' })
          .withApiKey('bad-id', SECRET)
          .withEndpoint('bad endpoint')
          .withAutoConfiguration(),
      );
      expect(error.problems.length).toBeGreaterThan(3);
      for (const text of renderings(error)) expect(text).not.toContain('ZEBRA');
    });

    it('never appears when the secret itself is invalid', () => {
      const bad = 'tfs_ZEBRA 7731 with spaces';
      const error = errorOf(new TelemetryFlowBuilder({}).withApiKey(ID, bad).withService('s'));
      expect(error.problems.map((p) => p.field)).toContain('keySecret');
      for (const text of renderings(error)) expect(text).not.toContain('ZEBRA');
    });

    it('is redacted even when pasted into another variable', () => {
      const error = errorOf(
        new TelemetryFlowBuilder({ TELEMETRYFLOW_RATE_LIMIT: SECRET })
          .withExporter(transport)
          .withApiKey(ID, SECRET)
          .withService('s')
          .withAutoConfiguration(),
      );
      expect(error.problems).toEqual([
        {
          field: 'TELEMETRYFLOW_RATE_LIMIT',
          message:
            "TELEMETRYFLOW_RATE_LIMIT must be a whole number, got a value containing 'tfs_' (not shown: it may be an API key secret)",
        },
      ]);
      for (const text of renderings(error)) expect(text).not.toContain('ZEBRA');
    });

    it('is not shown when a different secret is pasted into another variable', () => {
      const error = errorOf(
        new TelemetryFlowBuilder({ TELEMETRYFLOW_TIMEOUT: 'tfs_OTHER-SECRET-4411' })
          .withExporter(transport)
          .withApiKey(ID, SECRET)
          .withService('s')
          .withAutoConfiguration(),
      );
      for (const text of renderings(error)) expect(text).not.toContain('OTHER-SECRET');
    });

    it('does not mangle messages when an invalid secret is a short word', () => {
      const error = errorOf(new TelemetryFlowBuilder({}).withApiKey(ID, 'secret').withService('s'));
      expect(error.problems).toContainEqual({
        field: 'keySecret',
        message: "API key secret must start with 'tfs_'",
      });
    });
  });

  describe('transport resolution', () => {
    const valid = (): TelemetryFlowBuilder =>
      new TelemetryFlowBuilder({}).withApiKey(ID, SECRET).withService('svc');

    it('names the gRPC transport package when it is not installed', () => {
      const error = errorOf(valid());
      expect(error.problems).toHaveLength(1);
      expect(error.problems[0]?.field).toBe('protocol');
      expect(error.problems[0]?.message).toContain('npm install @telemetryflow/infrastructure-grpc');
      expect(error.problems[0]?.message).toContain('.withExporter(createGrpcTransport())');
    });

    it('names the HTTP transport package for withHttp()', () => {
      const error = errorOf(valid().withHttp());
      expect(error.problems[0]?.message).toContain('@telemetryflow/infrastructure-http');
      expect(error.message).not.toContain('infrastructure-grpc');
    });

    it('reports the transport together with the other problems', () => {
      const error = errorOf(valid().withTimeout(0).withProtocol(Protocol.HTTP));
      expect(error.problems.map((p) => p.field)).toEqual(['timeoutMs', 'protocol']);
    });

    it('is bypassed by withExporter', () => {
      const client = valid().withExporter(transport).build();
      expect(client.options.transport).toBe(transport);
    });

    describe('a factory that says its protocol (createHttpTransport(), createGrpcTransport())', () => {
      const factoryOf = (protocol: Protocol): ExportTransportFactory =>
        Object.assign(() => transport, { protocol });

      it('sets the protocol when none was chosen: the HTTP paths follow', () => {
        const client = valid().withExporter(factoryOf(Protocol.HTTP)).build();
        expect(client.config.protocol).toBe(Protocol.HTTP);
        expect(client.config.getSignalUrl('traces')).toMatch(/\/v1\/traces$/);
        expect(valid().withExporter(factoryOf(Protocol.GRPC)).build().config.protocol).toBe(Protocol.GRPC);
      });

      it('agrees with the same protocol chosen, in either order', () => {
        expect(valid().withHttp().withExporter(factoryOf(Protocol.HTTP)).build().config.protocol).toBe(
          'http',
        );
        expect(valid().withExporter(factoryOf(Protocol.HTTP)).withHttp().build().config.protocol).toBe(
          'http',
        );
      });

      it('refuses a different protocol chosen, saying how to fix it', () => {
        const error = errorOf(valid().withGrpc().withExporter(factoryOf(Protocol.HTTP)));
        expect(error.problems).toEqual([
          {
            field: 'protocol',
            message:
              'withExporter() was given a http transport but the protocol is grpc: use one protocol (drop withGrpc()/withHttp() or the protocol variable, or pass the grpc transport)',
          },
        ]);
        const fromEnv = errorOf(
          new TelemetryFlowBuilder({ TELEMETRYFLOW_PROTOCOL: 'http' })
            .withApiKey(ID, SECRET)
            .withService('svc')
            .withAutoConfiguration()
            .withExporter(factoryOf(Protocol.GRPC)),
        );
        expect(fromEnv.problems.map((p) => p.field)).toEqual(['protocol']);
      });
    });

    it('is skipped when the protocol itself is invalid', () => {
      const error = errorOf(valid().withProtocol('udp' as Protocol));
      expect(error.problems).toEqual([{ field: 'protocol', message: "protocol must be 'grpc' or 'http'" }]);
    });
  });
});
