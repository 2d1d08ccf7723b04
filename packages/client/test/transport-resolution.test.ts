import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BuilderError, resolveTransportFactory } from '../src/index.js';
import { requireTransport, searchBases } from '../src/transport-resolution.js';

const argv1 = process.argv[1] ?? '';
afterEach(() => {
  process.argv[1] = argv1;
});

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
  it('falls back to the next location when a package is not found at the first', () => {
    const app = appWithTransport('@telemetryflow-test/fake-transport');
    const elsewhere = join(mkdtempSync(join(tmpdir(), 'tf-lib-')), 'index.js');
    const module = requireTransport('@telemetryflow-test/fake-transport', [
      elsewhere,
      join(app, 'server.js'),
    ]) as {
      createTransport: () => string;
    };
    expect(module.createTransport()).toBe('fake transport');
    expect(() => requireTransport('@telemetryflow-test/fake-transport', [elsewhere])).toThrow(
      /Cannot find module/,
    );
  });

  it('searches its own location, then the entry script, then the working directory', () => {
    process.argv[1] = '/srv/app/server.js';
    const bases = searchBases();
    expect(bases.slice(1)).toEqual(['/srv/app/server.js', join(process.cwd(), 'package.json')]);
    expect(bases[0]).toMatch(/transport-resolution/);
  });

  it('names the package to install when it is nowhere', () => {
    const missing = (name: string): never => {
      throw Object.assign(new Error(`Cannot find module '${name}'`), { code: 'MODULE_NOT_FOUND' });
    };
    expect(() => resolveTransportFactory('http', missing)).toThrow(BuilderError);
    expect(() => resolveTransportFactory('http', missing)).toThrow(
      'the http transport is not installed: run `npm install @telemetryflow/infrastructure-http`',
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
