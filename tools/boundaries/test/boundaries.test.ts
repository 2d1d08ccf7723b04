import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../../..');
const config = join(root, '.dependency-cruiser.cjs');
const depcruiseBin = join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

/** Runs the check as CI does (default `err` output, whose exit code counts the errors). */
const cruise = async (cwd: string, paths: string[]): Promise<{ code: number; output: string }> => {
  try {
    const { stdout } = await run(process.execPath, [depcruiseBin, ...paths, '--config', config], { cwd });
    return { code: 0, output: stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string };
    return { code: e.code, output: e.stdout };
  }
};

const violationsIn = (output: string): string[] =>
  output
    .split('\n')
    .map((line) => /^\s*error (.+)$/.exec(line)?.[1])
    .filter((v): v is string => v !== undefined)
    .sort();

describe('boundary check', () => {
  it('fails on outward and deep imports, naming each rule', async () => {
    const { code, output } = await cruise(join(here, '../fixtures/outward'), ['packages']);
    expect(code).toBe(9);
    expect(violationsIn(output)).toEqual([
      'application-imports-only-domain: packages/application/src/index.ts → packages/client/src/index.ts',
      'domain-imports-nothing: packages/domain/src/index.ts → packages/application/src/index.ts',
      'domain-imports-nothing: packages/domain/src/index.ts → util',
      'infrastructure-points-inward: packages/infrastructure-grpc/src/index.ts → packages/middleware-express/src/index.ts',
      'not-to-unresolvable: packages/client/src/index.ts → @telemetryflow/domain/src/telemetry-config',
      'only-public-entry: packages/application/src/index.ts → packages/client/src/index.ts',
      'only-public-entry: packages/client/src/index.ts → packages/infrastructure-grpc/src/index.ts',
      'only-public-entry: packages/domain/src/index.ts → packages/application/src/index.ts',
      'only-public-entry: packages/infrastructure-grpc/src/index.ts → packages/middleware-express/src/index.ts',
    ]);
  });

  it('passes on the real packages', async () => {
    const { code, output } = await cruise(root, ['packages', 'apps']);
    expect(violationsIn(output)).toEqual([]);
    expect(output).toContain('no dependency violations found');
    expect(code).toBe(0);
  });
});

describe('package.json dependency allow-lists', () => {
  const manifests = readdirSync(join(root, 'packages')).map((dir) => {
    const manifest = JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')) as Record<
      string,
      Record<string, string> | undefined
    >;
    const runtime = {
      ...manifest['dependencies'],
      ...manifest['peerDependencies'],
      ...manifest['optionalDependencies'],
    };
    return { dir, runtime: Object.keys(runtime).sort() };
  });
  const allowed: Record<string, (dep: string) => boolean> = {
    domain: () => false,
    application: (dep) => dep === '@telemetryflow/domain',
  };

  it.each(Object.keys(allowed))('%s declares only allowed runtime dependencies', (dir) => {
    const manifest = manifests.find((m) => m.dir === dir);
    expect(manifest).toBeDefined();
    expect(manifest?.runtime.filter((dep) => !allowed[dir]?.(dep))).toEqual([]);
  });

  it('every package, and every app with a bin, is a devDependency here, so turbo builds it before this check runs', () => {
    const own = JSON.parse(readFileSync(join(here, '../package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    // A committed bin file imports the app's dist/, which the check can resolve only once it is built.
    const appsWithBin = readdirSync(join(root, 'apps'))
      .map((dir) => join(root, 'apps', dir, 'package.json'))
      .filter((file) => existsSync(file))
      .map((file) => JSON.parse(readFileSync(file, 'utf8')) as { name: string; bin?: unknown })
      .filter((manifest) => manifest.bin !== undefined)
      .map((manifest) => manifest.name);
    expect(appsWithBin).toContain('@telemetryflow-internal/dev-collector');
    const names = [...manifests.map(({ dir }) => `@telemetryflow/${dir}`), ...appsWithBin];
    expect(names.filter((name) => own.devDependencies[name] !== 'workspace:*')).toEqual([]);
  });

  it('no inner package depends on an outer one', () => {
    const outer = /^@telemetryflow\/(client|infrastructure-|middleware-)/;
    for (const { dir, runtime } of manifests) {
      if (/^(domain|application|infrastructure-)/.test(dir)) {
        expect({ dir, outer: runtime.filter((d) => outer.test(d)) }).toEqual({ dir, outer: [] });
      }
    }
  });
});
