import { afterAll, describe, expect, it } from 'vitest';
import { cleanEnv, linkPackages, runCli, tempDirs } from './helpers.js';

/*
 * `telemetryflow-gen config` run as a subprocess with a controlled environment: the values and
 * sources it prints, the redaction of secrets on every output stream, and the exit code.
 */

const temp = tempDirs();
afterAll(() => temp.cleanup());

const REQUIRED = {
  TELEMETRYFLOW_API_KEY_ID: 'tfk_config_test',
  TELEMETRYFLOW_API_KEY_SECRET: 'tfs_TopSecret_9f8e7d6c5b',
  TELEMETRYFLOW_SERVICE_NAME: 'config-test',
};

interface JsonReport {
  disabled: boolean;
  rows: { setting: string; value: unknown; source: string }[];
  signals: { signal: string; enabled: boolean; url: string }[];
  transport: { package: string; installed: boolean };
}

const configJson = async (env: Record<string, string>, cwd = temp.make()) => {
  const run = await runCli(['config', '--json'], cwd, cleanEnv(env));
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const report = JSON.parse(run.stdout) as JsonReport;
  const row = (setting: string) => report.rows.find((r) => r.setting === setting);
  return { report, row };
};

describe('telemetryflow-gen config', () => {
  it('shows each value with the variable it came from, OTel fallbacks and defaults included', async () => {
    const { row, report } = await configJson({
      TELEMETRYFLOW_API_KEY_ID: 'tfk_config_test',
      TELEMETRYFLOW_API_KEY_SECRET: 'tfs_TopSecret_9f8e7d6c5b',
      OTEL_SERVICE_NAME: 'checkout',
      ENV: 'staging',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector.internal:4318',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      TELEMETRYFLOW_TIMEOUT: '7',
      OTEL_RESOURCE_ATTRIBUTES: 'service.version=2.1.0,region=eu',
      TELEMETRYFLOW_USE_V2_API: 'yes',
    });
    expect(row('serviceName')).toEqual({
      setting: 'serviceName',
      value: 'checkout',
      source: 'OTEL_SERVICE_NAME',
    });
    expect(row('environment')).toMatchObject({ value: 'staging', source: 'ENV' });
    expect(row('serviceVersion')).toMatchObject({
      value: '2.1.0',
      source: 'OTEL_RESOURCE_ATTRIBUTES service.version',
    });
    expect(row('customAttributes.region')).toMatchObject({ value: 'eu', source: 'OTEL_RESOURCE_ATTRIBUTES' });
    expect(row('protocol')).toMatchObject({ value: 'http', source: 'OTEL_EXPORTER_OTLP_PROTOCOL' });
    expect(row('insecure')).toMatchObject({ value: true, source: 'OTEL_EXPORTER_OTLP_ENDPOINT (scheme)' });
    expect(row('timeoutMs')).toMatchObject({ value: 7000, source: 'TELEMETRYFLOW_TIMEOUT' });
    expect(row('useV2Api')).toMatchObject({ value: true, source: 'TELEMETRYFLOW_USE_V2_API' });
    expect(row('batchMaxSize')).toMatchObject({ value: 512, source: 'default' });
    expect(row('credentials.keySecret')).toMatchObject({
      value: '[REDACTED]',
      source: 'TELEMETRYFLOW_API_KEY_SECRET',
    });
    expect(report.disabled).toBe(false);
    expect(report.signals).toContainEqual({
      signal: 'traces',
      enabled: true,
      url: 'http://collector.internal:4318/v2/traces',
    });
    expect(report.transport).toEqual({ package: '@telemetryflow/infrastructure-http', installed: false });
  });

  it('prints an aligned table: setting, value, source', async () => {
    const run = await runCli(
      ['config'],
      temp.make(),
      cleanEnv({ ...REQUIRED, TELEMETRYFLOW_DATACENTER: 'eu-west-1' }),
    );
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^setting +value +source$/);
    expect(lines.find((l) => l.startsWith('datacenter '))).toMatch(
      /^datacenter +eu-west-1 +TELEMETRYFLOW_DATACENTER$/,
    );
    expect(lines.find((l) => l.startsWith('maxRetries '))).toMatch(/^maxRetries +3 +default$/);
    expect(run.stdout).toContain('traces   api.telemetryflow.id:4317');
    expect(run.stdout).toContain('transport: @telemetryflow/infrastructure-grpc, not installed');
  });

  it('finds the transport package the app has installed', async () => {
    const app = temp.make();
    linkPackages(app, ['@telemetryflow/infrastructure-http']);
    const { report } = await configJson({ ...REQUIRED, TELEMETRYFLOW_PROTOCOL: 'http' }, app);
    expect(report.transport).toEqual({ package: '@telemetryflow/infrastructure-http', installed: true });
  });

  it('never prints a secret: the API key secret and custom header values, raw or percent-decoded', async () => {
    const secrets = [
      'tfs_TopSecret_9f8e7d6c5b',
      'tenant-token-0a1b2c3d',
      'trace key/with space',
      'trace%20key%2Fwith%20space',
    ];
    const env = {
      ...REQUIRED,
      TELEMETRYFLOW_HEADERS: 'x-tenant-token=tenant-token-0a1b2c3d',
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-trace-key=trace%20key%2Fwith%20space',
    };
    for (const args of [['config'], ['config', '--json']]) {
      const run = await runCli(args, temp.make(), cleanEnv(env));
      expect(run.code).toBe(0);
      for (const secret of secrets) expect(`${run.stdout}${run.stderr}`).not.toContain(secret);
      expect(run.stdout).toContain('[REDACTED]');
    }
    const { row } = await configJson(env);
    expect(row('headers.x-tenant-token')).toMatchObject({
      value: '[REDACTED]',
      source: 'TELEMETRYFLOW_HEADERS',
    });
    expect(row('signalOverrides.traces.headers.x-trace-key')).toMatchObject({
      value: '[REDACTED]',
      source: 'OTEL_EXPORTER_OTLP_TRACES_HEADERS',
    });
  });

  it("on an invalid environment, prints the builder's problems, exits 1, and still shows no secret", async () => {
    const run = await runCli(
      ['config'],
      temp.make(),
      cleanEnv({
        TELEMETRYFLOW_API_KEY_ID: 'tfk_config_test',
        TELEMETRYFLOW_API_KEY_SECRET: 'tfs_TopSecret_9f8e7d6c5b',
        TELEMETRYFLOW_TIMEOUT: '10s',
        TELEMETRYFLOW_MAX_RETRIES: 'tfs_TopSecret_9f8e7d6c5b', // a secret pasted into the wrong variable
        TELEMETRYFLOW_HEADERS: 'x-tenant-token=tenant-token-0a1b2c3d,broken',
      }),
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^BuilderError: Cannot build TelemetryFlow client:\n/);
    expect(run.stderr).toContain(
      "  - TELEMETRYFLOW_TIMEOUT: TELEMETRYFLOW_TIMEOUT must be a whole number of seconds, got '10s'",
    );
    expect(run.stderr).toContain('  - serviceName: service name is required');
    expect(run.stderr).toContain('TELEMETRYFLOW_MAX_RETRIES');
    expect(run.stderr).toContain('TELEMETRYFLOW_HEADERS');
    expect(`${run.stdout}${run.stderr}`).not.toContain('TopSecret');
    expect(`${run.stdout}${run.stderr}`).not.toContain('tenant-token-0a1b2c3d');
  });

  it('says when OTEL_SDK_DISABLED=true turns the SDK off, and still validates the rest', async () => {
    const { report, row } = await configJson({ ...REQUIRED, OTEL_SDK_DISABLED: 'TRUE' });
    expect(report.disabled).toBe(true);
    expect(row('disabled')).toMatchObject({ value: true, source: 'OTEL_SDK_DISABLED' });
    const text = await runCli(['config'], temp.make(), cleanEnv({ ...REQUIRED, OTEL_SDK_DISABLED: 'true' }));
    expect(text.stdout).toMatch(/^OTEL_SDK_DISABLED=true: the SDK builds a no-op client/);
    const invalid = await runCli(['config'], temp.make(), cleanEnv({ OTEL_SDK_DISABLED: 'true' }));
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/^OTEL_SDK_DISABLED=true: the app gets a no-op client; once enabled/);
    expect(invalid.stderr).toContain('API key ID is required');
    const json = await runCli(['config', '--json'], temp.make(), cleanEnv({ OTEL_SDK_DISABLED: 'true' }));
    expect(json.code).toBe(1);
    const parsed = JSON.parse(json.stdout) as { ok: boolean; disabled: boolean; problems: unknown[] };
    expect(parsed).toMatchObject({ ok: false, disabled: true });
    expect(parsed.problems.length).toBeGreaterThan(0);
  });
});
