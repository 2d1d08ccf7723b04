import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

type Pem = string | Buffer;
type Env = Readonly<Record<string, string | undefined>>;

/** The PEM options both transports take (`createGrpcTransport` / `createHttpTransport`). */
export interface TlsPemOptions {
  readonly ca?: Pem;
  readonly cert?: Pem;
  readonly key?: Pem;
}

/** A transport whose TLS material comes from its options, else the `OTEL_EXPORTER_OTLP_*` files. */
export interface TlsFileLoadingSubject {
  /** Named in the suite's title, e.g. `'OTLP/gRPC'`. */
  readonly name: string;
  /** The transport's own resolver: each option, else the file its variable in `env` names. */
  readonly resolve: (options: TlsPemOptions, env: Env) => TlsPemOptions;
  /**
   * Builds a client with TLS on and this transport, which sees `env` as its environment, and calls
   * `initialize()` (which must throw for a file that cannot be read).
   */
  readonly initialize: (env: Env) => void;
}

const CA = 'OTEL_EXPORTER_OTLP_CERTIFICATE';
const CERT = 'OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE';
const KEY = 'OTEL_EXPORTER_OTLP_CLIENT_KEY';

const text = (pem: Pem | undefined): string | undefined => (pem === undefined ? undefined : String(pem));

/**
 * The behaviour both transports share for TLS files (the OpenTelemetry exporter variables
 * `OTEL_EXPORTER_OTLP_CERTIFICATE`, `…_CLIENT_CERTIFICATE`, `…_CLIENT_KEY`), written once and run
 * against each: options first, each on its own; files read when the option is absent; a file that
 * cannot be read, or a certificate without its key, refuses the configuration with a `ConfigError`.
 * Handshakes with the material are each transport's own tests.
 */
export const describeTlsFileLoading = (subject: TlsFileLoadingSubject): void => {
  describe(`TLS files of the ${subject.name} transport`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'tf-tls-files-'));
    const file = (name: string, content: string): string => {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    };
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('reads each OTEL_EXPORTER_OTLP_* file when its option is not given', () => {
      const env = {
        [CA]: file('ca.pem', 'CA'),
        [CERT]: file('cert.pem', 'CERT'),
        [KEY]: file('key.pem', 'KEY'),
      };

      const tls = subject.resolve({}, env);

      expect([text(tls.ca), text(tls.cert), text(tls.key)]).toEqual(['CA', 'CERT', 'KEY']);
    });

    it('prefers the options over the variables, each on its own', () => {
      const env = { [CA]: file('ca2.pem', 'ENV CA') };

      expect(text(subject.resolve({ ca: 'OPTION CA' }, env).ca)).toBe('OPTION CA');
      expect(text(subject.resolve({ cert: Buffer.from('C'), key: 'K' }, env).ca)).toBe('ENV CA');
    });

    it('is empty (system CAs, no client certificate) when nothing is set, blank variables included', () => {
      expect(subject.resolve({}, { [CA]: '  ', [CERT]: '' })).toEqual({});
    });

    it('throws a ConfigError naming the variable whose file cannot be read', () => {
      const missing = join(dir, 'missing.pem');

      expect(() => subject.resolve({ cert: 'C' }, { [KEY]: missing })).toThrow(
        expect.objectContaining({
          name: 'ConfigError',
          problems: [{ field: KEY, message: `${KEY}=${missing} cannot be read (ENOENT)` }],
        }),
      );
    });

    it('throws a ConfigError for a client certificate without its key, and a key without its certificate', () => {
      const problemOn = (field: string): unknown =>
        expect.objectContaining({ name: 'ConfigError', problems: [expect.objectContaining({ field })] });

      expect(() => subject.resolve({ cert: 'C' }, {})).toThrow(problemOn('key'));
      expect(() => subject.resolve({}, { [KEY]: file('key2.pem', 'KEY') })).toThrow(problemOn('cert'));
    });

    it('makes initialize() throw, naming the variable, when its file cannot be read', () => {
      expect(() => subject.initialize({ [CA]: join(dir, 'gone.pem') })).toThrow(
        expect.objectContaining({
          name: 'ConfigError',
          message: expect.stringMatching(
            /OTEL_EXPORTER_OTLP_CERTIFICATE=.*gone\.pem cannot be read \(ENOENT\)/,
          ) as unknown,
        }),
      );
    });
  });
};
