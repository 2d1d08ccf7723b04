import { cpSync, mkdtempSync, mkdirSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const nestjsDir = dirname(
  createRequire(import.meta.url).resolve('@telemetryflow/middleware-nestjs/package.json'),
);
/** Where the package in `dir` finds `name`. */
const dirOf = (dir: string, name: string): string => realpathSync(join(dir, 'node_modules', name));

/** Nest 11 and the peers, as this package has them. */
const PEERS = [
  '@nestjs/common',
  '@nestjs/core',
  '@nestjs/platform-express',
  '@nestjs/platform-fastify',
  'reflect-metadata',
  'rxjs',
  '@telemetryflow/client',
];
/** The dependencies of @telemetryflow/middleware-nestjs, as the workspace has them. */
const DEPENDENCIES = [
  '@telemetryflow/middleware-core',
  '@telemetryflow/middleware-express',
  '@telemetryflow/middleware-fastify',
];

export interface InstalledApp {
  /** Where the fixture apps of @telemetryflow/middleware-nestjs (test/fixtures) are copied. */
  readonly appDir: string;
  remove(): void;
}

/**
 * A directory laid out as an install of @telemetryflow/middleware-nestjs next to Nest 11: one copy of
 * each peer, the app's. The workspace links the package with its own devDependencies (Nest 12), which
 * its dist would load; here its package.json and dist are copied into `node_modules`, whose peers
 * and dependencies are links to the packages this workspace holds.
 */
export const installWithNest11 = (): InstalledApp => {
  const root = mkdtempSync(join(tmpdir(), 'tf-nest11-'));
  const modules = join(root, 'node_modules');
  const link = (name: string, target: string): void => {
    mkdirSync(dirname(join(modules, name)), { recursive: true });
    symlinkSync(target, join(modules, name), 'dir');
  };
  for (const name of PEERS) link(name, dirOf(packageDir, name));
  for (const name of DEPENDENCIES) link(name, dirOf(nestjsDir, name));
  const installed = join(modules, '@telemetryflow/middleware-nestjs');
  cpSync(join(nestjsDir, 'package.json'), join(installed, 'package.json'));
  cpSync(join(nestjsDir, 'dist'), join(installed, 'dist'), { recursive: true });
  const appDir = join(root, 'app');
  cpSync(join(nestjsDir, 'test/fixtures'), appDir, { recursive: true });
  return { appDir, remove: () => rmSync(root, { recursive: true, force: true }) };
};
