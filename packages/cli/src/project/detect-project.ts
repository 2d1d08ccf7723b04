import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** The HTTP frameworks `init` wires, in the order they are looked for (NestJS runs on Express or Fastify). */
export const FRAMEWORKS = Object.freeze(['nestjs', 'fastify', 'express', 'koa', 'hono'] as const);
export type Framework = (typeof FRAMEWORKS)[number];

/** The npm package that tells each framework apart. */
export const FRAMEWORK_PACKAGES: Readonly<Record<Framework, string>> = Object.freeze({
  nestjs: '@nestjs/core',
  fastify: 'fastify',
  express: 'express',
  koa: 'koa',
  hono: 'hono',
});

export type PackageManager = 'npm' | 'pnpm' | 'yarn' | 'bun';

/** What `init` needs to know about an app. */
export interface ProjectInfo {
  /** Absolute path of the app (the directory holding its package.json). */
  readonly dir: string;
  /** package.json `name` without its scope, else the directory's name. */
  readonly name: string;
  /** package.json `"type": "module"` → `esm`, else `cjs`. */
  readonly moduleFormat: 'esm' | 'cjs';
  /** A tsconfig.json, or `typescript` among the dependencies. */
  readonly typescript: boolean;
  readonly framework: Framework | undefined;
  readonly packageManager: PackageManager;
  /** Why that package manager: the lockfile or `packageManager` field found, or `default`. */
  readonly packageManagerReason: string;
  /** Dependencies and devDependencies. */
  readonly dependencies: readonly string[];
  /** `src` when the app has a src/ directory (the telemetry module goes there), else `.`. */
  readonly sourceDir: string;
}

/** The app cannot be read (no package.json, or one that does not parse). */
export class ProjectError extends Error {
  override readonly name = 'ProjectError';
}

const LOCKFILES: readonly (readonly [string, PackageManager])[] = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['bun.lock', 'bun'],
  ['bun.lockb', 'bun'],
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
];

/** The `packageManager` field, else the nearest lockfile (a workspace keeps it at its root), else npm. */
const packageManagerOf = (
  dir: string,
  manifest: Record<string, unknown>,
): { packageManager: PackageManager; reason: string } => {
  const field = manifest['packageManager'];
  const named = typeof field === 'string' ? /^(npm|pnpm|yarn|bun)@/.exec(field)?.[1] : undefined;
  if (named !== undefined)
    return { packageManager: named as PackageManager, reason: `packageManager ${field as string}` };
  for (let at = dir; ; at = dirname(at)) {
    const found = LOCKFILES.find(([file]) => existsSync(join(at, file)));
    if (found !== undefined) return { packageManager: found[1], reason: join(at, found[0]) };
    if (dirname(at) === at) return { packageManager: 'npm', reason: 'default' };
  }
};

const names = (value: unknown): string[] =>
  value !== null && typeof value === 'object' ? Object.keys(value) : [];

/**
 * Reads the app in `dir`: module format, TypeScript, HTTP framework, package manager.
 * @throws {ProjectError} when `dir` has no readable package.json
 */
export const detectProject = (dir: string): ProjectInfo => {
  const root = resolve(dir);
  const path = join(root, 'package.json');
  if (!existsSync(path)) {
    throw new ProjectError(
      `no package.json in ${root}: run init in your app's directory (\`npm init -y\` creates one)`,
    );
  }
  let manifest: Record<string, unknown>;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new ProjectError(`cannot read ${path}: ${(error as Error).message}`);
  }
  const dependencies = [
    ...new Set([...names(manifest['dependencies']), ...names(manifest['devDependencies'])]),
  ];
  const { packageManager, reason } = packageManagerOf(root, manifest);
  const rawName =
    typeof manifest['name'] === 'string' && manifest['name'] !== '' ? manifest['name'] : basename(root);
  return {
    dir: root,
    name: rawName.replace(/^@[^/]+\//, ''),
    moduleFormat: manifest['type'] === 'module' ? 'esm' : 'cjs',
    typescript: existsSync(join(root, 'tsconfig.json')) || dependencies.includes('typescript'),
    framework: FRAMEWORKS.find((f) => dependencies.includes(FRAMEWORK_PACKAGES[f])),
    packageManager,
    packageManagerReason: reason,
    dependencies,
    sourceDir: existsSync(join(root, 'src')) ? 'src' : '.',
  };
};

const ADD: Readonly<Record<PackageManager, readonly [string, string]>> = {
  npm: ['npm install', 'npm install --save-dev'],
  pnpm: ['pnpm add', 'pnpm add --save-dev'],
  yarn: ['yarn add', 'yarn add --dev'],
  bun: ['bun add', 'bun add --dev'],
};

/** The commands that install `packages` (and `devPackages` as dev dependencies) with `manager`. */
export const installCommands = (
  manager: PackageManager,
  packages: readonly string[],
  devPackages: readonly string[] = [],
): string[] => {
  const [add, addDev] = ADD[manager];
  return [
    ...(packages.length === 0 ? [] : [`${add} ${packages.join(' ')}`]),
    ...(devPackages.length === 0 ? [] : [`${addDev} ${devPackages.join(' ')}`]),
  ];
};
