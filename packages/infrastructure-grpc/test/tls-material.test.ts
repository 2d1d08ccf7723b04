import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OTEL_TLS_ENV } from '../src/index.js';
import { hasTlsSettings, resolveTlsMaterial } from '../src/tls-material.js';

const dir = mkdtempSync(join(tmpdir(), 'tf-grpc-tls-'));
const file = (name: string, content: string): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('resolveTlsMaterial', () => {
  it('reads each OTEL_EXPORTER_OTLP_* file when its option is not given', () => {
    const env = {
      [OTEL_TLS_ENV.CERTIFICATE]: file('ca.pem', 'CA'),
      [OTEL_TLS_ENV.CLIENT_CERTIFICATE]: file('cert.pem', 'CERT'),
      [OTEL_TLS_ENV.CLIENT_KEY]: file('key.pem', 'KEY'),
    };

    const tls = resolveTlsMaterial({}, env);

    expect([tls.ca?.toString(), tls.cert?.toString(), tls.key?.toString()]).toEqual(['CA', 'CERT', 'KEY']);
  });

  it('prefers the options over the variables, each on its own', () => {
    const env = { [OTEL_TLS_ENV.CERTIFICATE]: file('ca2.pem', 'ENV CA') };

    expect(resolveTlsMaterial({ ca: 'OPTION CA' }, env).ca?.toString()).toBe('OPTION CA');
    expect(resolveTlsMaterial({ cert: Buffer.from('C'), key: 'K' }, env).ca?.toString()).toBe('ENV CA');
  });

  it('is empty (system CAs, no client certificate) when nothing is set', () => {
    expect(resolveTlsMaterial({}, { [OTEL_TLS_ENV.CERTIFICATE]: '  ' })).toEqual({});
  });

  it('throws naming the variable whose file cannot be read', () => {
    const env = { [OTEL_TLS_ENV.CLIENT_KEY]: join(dir, 'missing.pem') };

    expect(() => resolveTlsMaterial({ cert: 'C' }, env)).toThrow(
      expect.objectContaining({
        name: 'ConfigError',
        problems: [
          {
            field: 'OTEL_EXPORTER_OTLP_CLIENT_KEY',
            message: `OTEL_EXPORTER_OTLP_CLIENT_KEY=${join(dir, 'missing.pem')} cannot be read (ENOENT)`,
          },
        ],
      }),
    );
  });

  it('throws when a client certificate comes without its key', () => {
    expect(() => resolveTlsMaterial({ cert: 'C' }, {})).toThrow(
      expect.objectContaining({ name: 'ConfigError', problems: [expect.objectContaining({ field: 'key' })] }),
    );
  });
});

describe('hasTlsSettings', () => {
  it('sees options and variables without reading files', () => {
    expect(hasTlsSettings({}, {})).toBe(false);
    expect(hasTlsSettings({ ca: 'x' }, {})).toBe(true);
    expect(hasTlsSettings({}, { [OTEL_TLS_ENV.CERTIFICATE]: '/nowhere.pem' })).toBe(true);
  });
});
