import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { planInit } from '../src/generate/plan-init.js';
import { ProjectError, detectProject } from '../src/project/detect-project.js';
import { tempDirs, writeTree } from './helpers.js';

/* What `init` reads from an app and what it plans from that (in-process: no files are written). */

const temp = tempDirs();
afterAll(() => temp.cleanup());

const app = (files: Record<string, string>): string => {
  const dir = temp.make();
  writeTree(dir, files);
  return dir;
};

const manifest = (fields: Record<string, unknown>) => JSON.stringify({ name: 'app', ...fields });

interface Case {
  readonly what: string;
  readonly files: Record<string, string>;
  readonly expected: Record<string, unknown>;
  readonly path: string;
  readonly install: readonly string[];
}

describe('init reads the app', () => {
  it.each<Case>([
    {
      what: 'ES module, Express, npm lockfile, src/',
      files: {
        'package.json': manifest({ type: 'module', dependencies: { express: '5' } }),
        'package-lock.json': '{}',
        'src/index.js': '',
      },
      expected: { moduleFormat: 'esm', typescript: false, framework: 'express', packageManager: 'npm' },
      path: 'src/telemetry/index.js',
      install: [
        'npm install @telemetryflow/client @telemetryflow/infrastructure-grpc @telemetryflow/middleware-express',
      ],
    },
    {
      what: 'CommonJS, Fastify, yarn',
      files: { 'package.json': manifest({ dependencies: { fastify: '5' } }), 'yarn.lock': '' },
      expected: { moduleFormat: 'cjs', typescript: false, framework: 'fastify', packageManager: 'yarn' },
      path: 'telemetry/index.js',
      install: [
        'yarn add @telemetryflow/client @telemetryflow/infrastructure-grpc @telemetryflow/middleware-fastify',
      ],
    },
    {
      what: 'TypeScript (tsconfig.json), Hono, pnpm, no @types/node',
      files: {
        'package.json': manifest({ type: 'module', dependencies: { hono: '4' } }),
        'tsconfig.json': '{}',
        'pnpm-lock.yaml': '',
      },
      expected: { moduleFormat: 'esm', typescript: true, framework: 'hono', packageManager: 'pnpm' },
      path: 'telemetry/index.ts',
      install: [
        'pnpm add @telemetryflow/client @telemetryflow/infrastructure-grpc @telemetryflow/middleware-hono',
        'pnpm add --save-dev @types/node',
      ],
    },
    {
      what: 'TypeScript (a typescript devDependency), NestJS over its Express platform, bun',
      files: {
        'package.json': manifest({
          dependencies: { '@nestjs/core': '11', express: '5' },
          devDependencies: { typescript: '5', '@types/node': '20' },
        }),
        'bun.lock': '',
        'src/main.ts': '',
      },
      expected: { moduleFormat: 'cjs', typescript: true, framework: 'nestjs', packageManager: 'bun' },
      path: 'src/telemetry/index.ts',
      install: [
        'bun add @telemetryflow/client @telemetryflow/infrastructure-grpc @telemetryflow/middleware-nestjs',
      ],
    },
    {
      what: 'Koa, the packageManager field over a lockfile',
      files: {
        'package.json': manifest({ packageManager: 'pnpm@10.34.9', dependencies: { koa: '3' } }),
        'package-lock.json': '{}',
      },
      expected: {
        framework: 'koa',
        packageManager: 'pnpm',
        packageManagerReason: 'packageManager pnpm@10.34.9',
      },
      path: 'telemetry/index.js',
      install: [
        'pnpm add @telemetryflow/client @telemetryflow/infrastructure-grpc @telemetryflow/middleware-koa',
      ],
    },
  ])('$what', ({ files, expected, path, install }) => {
    const dir = app(files);
    expect(detectProject(dir)).toMatchObject(expected);
    const plan = planInit({ dir });
    expect(plan.files.map((f) => f.path)).toEqual([path, '.env.telemetryflow']);
    expect(plan.install).toEqual(install);
  });

  it("finds a workspace's lockfile in a parent directory", () => {
    const root = app({ 'pnpm-lock.yaml': '', 'apps/api/package.json': manifest({}) });
    expect(detectProject(join(root, 'apps/api'))).toMatchObject({
      packageManager: 'pnpm',
      packageManagerReason: join(root, 'pnpm-lock.yaml'),
    });
  });

  it('--framework picks another framework, or none', () => {
    const dir = app({ 'package.json': manifest({ dependencies: { express: '5' } }) });
    expect(planInit({ dir, framework: 'none' }).install).toEqual([
      'npm install @telemetryflow/client @telemetryflow/infrastructure-grpc',
    ]);
    expect(planInit({ dir, framework: 'koa' }).files[0]?.content).toContain('koaMiddleware(telemetry');
  });

  it('--protocol http installs the HTTP transport', () => {
    const dir = app({ 'package.json': manifest({}) });
    expect(planInit({ dir, protocol: 'http', endpoint: 'collector:4318' }).install).toEqual([
      'npm install @telemetryflow/client @telemetryflow/infrastructure-http',
    ]);
  });

  it('notes a missing .gitignore entry, and the gRPC port of the default endpoint with --protocol http', () => {
    const bare = planInit({
      dir: app({ 'package.json': manifest({}), '.gitignore': 'node_modules\n' }),
      protocol: 'http',
    });
    expect(bare.notes).toEqual([
      expect.stringContaining('TELEMETRYFLOW_ENDPOINT defaults to api.telemetryflow.id:4317, the gRPC port'),
      'Add .env.telemetryflow to .gitignore: it will hold your API key secret.',
    ]);
    const ignored = planInit({
      dir: app({ 'package.json': manifest({}), '.gitignore': 'node_modules\n.env*\n' }),
    });
    expect(ignored.notes).toEqual([]);
  });

  it('refuses a directory without a readable package.json', () => {
    expect(() => detectProject(app({}))).toThrow(ProjectError);
    expect(() => detectProject(app({}))).toThrow(/no package.json in .*npm init -y/);
    expect(() => detectProject(app({ 'package.json': '{ nope' }))).toThrow(/cannot read .*package.json/);
  });
});
