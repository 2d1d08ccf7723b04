import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BuilderError, resolveTransportFactory } from '../src/index.js';
import { ownLocation, requireTransport } from '../src/transport-resolution.js';

/** An application folder whose node_modules has a fake transport package. */
const appWithTransport = (name: string): string => {
  const app = mkdtempSync(join(tmpdir(), 'tf-app-'));
  const pkg = join(app, 'node_modules', ...name.split('/'));
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name, version: '0.0.0', main: 'index.js' }));
  writeFileSync(join(pkg, 'index.js'), "exports.createTransport = () => 'fake transport';");
  return app;
};

describe('resolveTransportFactory', () => {
  it('loads the package from where the client is, as a peer dependency installed next to it', () => {
    const app = appWithTransport('@telemetryflow-test/fake-transport');
    const client = pathToFileURL(
      join(app, 'node_modules', '@telemetryflow', 'client', 'dist', 'index.js'),
    ).href;
    const module = requireTransport('@telemetryflow-test/fake-transport', client) as {
      createTransport: () => string;
    };
    expect(module.createTransport()).toBe('fake transport');
  });

  it('does not guess from the entry script or the working directory', () => {
    const app = appWithTransport('@telemetryflow-test/fake-transport');
    const elsewhere = join(mkdtempSync(join(tmpdir(), 'tf-lib-')), 'index.js');
    const argv1 = process.argv[1];
    const cwd = process.cwd();
    process.argv[1] = join(app, 'server.js');
    process.chdir(app);
    try {
      expect(() => requireTransport('@telemetryflow-test/fake-transport', elsewhere)).toThrow(
        /Cannot find module/,
      );
    } finally {
      process.argv[1] = argv1 as string;
      process.chdir(cwd);
    }
  });

  it('knows its own location, and that a CommonJS bundle has none (import.meta emptied)', () => {
    expect(ownLocation()).toMatch(/^file:.*transport-resolution/);
    expect(ownLocation({})).toBeUndefined();
    expect(ownLocation({ url: '' })).toBeUndefined();
  });

  it('in a bundle, says to pass the transport explicitly', () => {
    const bundled = (name: string): unknown => requireTransport(name, undefined);
    expect(() => resolveTransportFactory('grpc', bundled)).toThrow(
      "the grpc transport cannot be loaded by name from a bundle: import { createGrpcTransport } from '@telemetryflow/infrastructure-grpc' and pass `.withExporter(createGrpcTransport())`",
    );
  });

  it('names the package to install when it is nowhere', () => {
    const missing = (name: string): never => {
      throw Object.assign(new Error(`Cannot find module '${name}'`), { code: 'MODULE_NOT_FOUND' });
    };
    expect(() => resolveTransportFactory('http', missing)).toThrow(BuilderError);
    expect(() => resolveTransportFactory('http', missing)).toThrow(
      'the http transport is not installed: run `npm install @telemetryflow/infrastructure-http` (an optional peer dependency of @telemetryflow/client, installed next to it), or import { createHttpTransport } from',
    );
  });

  it('reports a transport that fails to load, with the cause', () => {
    const broken = (): never => {
      throw new SyntaxError('Unexpected token');
    };
    expect(() => resolveTransportFactory('grpc', broken)).toThrow(
      'the grpc transport @telemetryflow/infrastructure-grpc failed to load: Unexpected token',
    );
  });

  it('reports a package without createTransport', () => {
    expect(() => resolveTransportFactory('grpc', () => ({}))).toThrow(
      '@telemetryflow/infrastructure-grpc does not export createTransport()',
    );
  });
});
