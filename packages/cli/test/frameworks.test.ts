import { mkdirSync, realpathSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { startHttpReceiver } from '@telemetryflow-internal/test-utils/http-receiver';
import type { HttpReceiver } from '@telemetryflow-internal/test-utils/http-receiver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planInit } from '../src/generate/plan-init.js';
import { renderTelemetryModule } from '../src/generate/telemetry-module.js';
import { FRAMEWORKS } from '../src/project/detect-project.js';
import type { Framework } from '../src/project/detect-project.js';
import { ROOT, TSC, cleanEnv, linkPackages, runCli, runNode, tempDirs, writeTree } from './helpers.js';

/*
 * Every framework the CLI wires, in every module format: the TypeScript modules type-check with an
 * entry file written from the printed usage lines, the JavaScript ones type-check as checkJs and
 * load in Node.
 */

const temp = tempDirs();
afterAll(() => temp.cleanup());

const FRAMEWORK_DEPENDENCIES: Readonly<Record<Framework, Record<string, string>>> = {
  express: { express: '^5.0.0' },
  fastify: { fastify: '^5.0.0' },
  koa: { koa: '^3.0.0' },
  hono: { hono: '^4.6.0', '@hono/node-server': '^2.0.0' },
  nestjs: {
    '@nestjs/core': '^11.0.0',
    '@nestjs/common': '^11.0.0',
    'reflect-metadata': '^0.2.0',
    rxjs: '^7.8.0',
  },
};

const LINKS: Readonly<Record<Framework | 'none', readonly string[]>> = {
  none: [],
  express: ['@telemetryflow/middleware-express', 'express', '@types/express'],
  fastify: ['@telemetryflow/middleware-fastify', 'fastify'],
  koa: ['@telemetryflow/middleware-koa', 'koa', '@types/koa'],
  hono: ['@telemetryflow/middleware-hono', 'hono', '@hono/node-server'],
  nestjs: ['@telemetryflow/middleware-nestjs', '@nestjs/common', '@nestjs/core', 'reflect-metadata', 'rxjs'],
};

/** An entry file per framework, from the usage lines `init` prints (the `port` they name included). */
const ENTRY: Readonly<Record<Framework | 'none', string[]>> = {
  none: ['const stopTakingWork = (): void => undefined;'],
  express: ["import express from 'express';", 'const app = express();', 'const port = 0;'],
  fastify: ["import Fastify from 'fastify';", 'const app = Fastify();'],
  koa: ["import Koa from 'koa';", 'const app = new Koa();', 'const port = 0;'],
  hono: [
    "import { serve } from '@hono/node-server';",
    "import { Hono } from 'hono';",
    'const app = new Hono();',
    'const port = 0;',
  ],
  nestjs: [
    "import { Module } from '@nestjs/common';",
    "import { NestFactory } from '@nestjs/core';",
    'const imports = [TelemetryModule];',
    'class AppModule {}',
    'Module({ imports })(AppModule);',
    'const app = await NestFactory.create(AppModule);',
  ],
};

/** The entry file: imports first, then the framework's setup, then the printed usage lines. */
const entryFile = (framework: Framework | 'none', usage: readonly string[]): string => {
  const [importLine = '', ...lines] = usage;
  const setup = ENTRY[framework];
  const imports = setup.filter((l) => l.startsWith('import '));
  const rest = setup.filter((l) => !l.startsWith('import '));
  const body = lines
    .filter((line) => !line.startsWith('@Module')) // a decorator in the usage: applied as a call above
    .map((line) => line.replace("telemetry.logInfo('…');", "telemetry.logInfo('hello');"));
  return [...imports, importLine, ...rest, ...body, 'export {};', ''].join('\n');
};

const KINDS = ['none', ...FRAMEWORKS] as const;

describe('the generated module, every framework', () => {
  it('TypeScript (ES module and CommonJS apps): type-checks with the entry file the usage lines give', async () => {
    const root = temp.make();
    const apps = [
      ...KINDS.map((kind) => ({ kind, dir: `ts-esm-${kind}`, esm: true })),
      ...(['none', 'express', 'fastify'] as const).map((kind) => ({
        kind,
        dir: `ts-cjs-${kind}`,
        esm: false,
      })),
    ];
    await Promise.all(
      apps.map(async ({ kind, dir, esm }) => {
        const app = join(root, dir);
        writeTree(app, {
          'package.json': JSON.stringify({
            name: dir,
            ...(esm ? { type: 'module' } : {}),
            dependencies: kind === 'none' ? {} : FRAMEWORK_DEPENDENCIES[kind],
            devDependencies: { typescript: '^5.9.0', '@types/node': '^20.0.0' },
          }),
          'src/.keep': '',
        });
        const init = await runCli(['init'], app);
        expect(init.code, init.stderr).toBe(0);
        const plan = planInit({ dir: app });
        expect(plan.install.some((c) => c.includes('@types/node'))).toBe(false); // already a devDependency
        writeTree(app, { 'src/main.ts': entryFile(kind, plan.usage) });
        linkPackages(app, ['@telemetryflow/client', ...LINKS[kind]]);
      }),
    );
    // One compiler run for all the apps: each file resolves packages from its own app's node_modules.
    mkdirSync(join(root, 'node_modules/@types'), { recursive: true });
    symlinkSync(
      realpathSync(join(ROOT, 'node_modules/@types/node')),
      join(root, 'node_modules/@types/node'),
      'dir',
    );
    writeTree(root, {
      'tsconfig.json': JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noUncheckedIndexedAccess: true,
          exactOptionalPropertyTypes: true,
          noImplicitReturns: true,
          noUnusedLocals: true,
          declaration: true,
          noEmit: true,
          skipLibCheck: true,
          experimentalDecorators: true,
        },
        include: ['*/src/**/*.ts'],
      }),
    });
    const tsc = await runNode([TSC, '-p', '.'], root);
    expect(tsc.stdout).toBe('');
    expect(tsc.code).toBe(0);
  });

  describe('JavaScript', () => {
    let receiver: HttpReceiver;
    beforeAll(async () => {
      receiver = await startHttpReceiver();
      return () => receiver.close();
    });

    const cases = KINDS.flatMap((kind) => (['esm', 'cjs'] as const).map((format) => [kind, format] as const));

    it('type-checks as checkJs (JSDoc types), every framework, ES module and CommonJS', async () => {
      const root = temp.make();
      await Promise.all(
        cases.map(async ([kind, format]) => {
          const app = join(root, `${format}-${kind}`);
          writeTree(app, {
            'package.json': JSON.stringify({
              name: `${format}-${kind}`,
              ...(format === 'esm' ? { type: 'module' } : {}),
              dependencies: kind === 'none' ? {} : FRAMEWORK_DEPENDENCIES[kind],
            }),
          });
          expect((await runCli(['init'], app)).code).toBe(0);
          linkPackages(app, ['@telemetryflow/client', ...LINKS[kind]]);
        }),
      );
      mkdirSync(join(root, 'node_modules/@types'), { recursive: true });
      symlinkSync(
        realpathSync(join(ROOT, 'node_modules/@types/node')),
        join(root, 'node_modules/@types/node'),
        'dir',
      );
      writeTree(root, {
        'tsconfig.json': JSON.stringify({
          compilerOptions: {
            target: 'ES2022',
            module: 'NodeNext',
            moduleResolution: 'NodeNext',
            allowJs: true,
            checkJs: true,
            strict: true,
            noEmit: true,
            skipLibCheck: true,
          },
          include: ['*/telemetry/*.js'],
        }),
      });
      const tsc = await runNode([TSC, '-p', '.'], root);
      expect(tsc.stdout).toBe('');
      expect(tsc.code).toBe(0);
    });

    it.each(cases)('%s, %s: loads in Node, builds the client and exits by itself', async (kind, format) => {
      const app = temp.make();
      writeTree(app, {
        'package.json': JSON.stringify({
          name: `load-${kind}`,
          ...(format === 'esm' ? { type: 'module' } : {}),
          dependencies: kind === 'none' ? {} : FRAMEWORK_DEPENDENCIES[kind],
        }),
      });
      const init = await runCli(['init', '--protocol', 'http', '--endpoint', receiver.url], app);
      expect(init.code).toBe(0);
      linkPackages(app, ['@telemetryflow/client', '@telemetryflow/infrastructure-http', ...LINKS[kind]]);
      const load =
        "import('./telemetry/index.js').then((m) => console.log(Object.keys(m).filter((k) => k !== 'default').sort().join(',')))";
      const run = await runNode(['--env-file=.env.telemetryflow', '-e', load], app, cleanEnv());
      expect(run).toMatchObject({ code: 0, stderr: '' });
      const { exports } = renderTelemetryModule(
        { typescript: false, moduleFormat: format },
        kind === 'none' ? undefined : kind,
        'test',
      );
      expect(run.stdout.trim()).toBe([...exports].sort().join(','));
    });
  });
});
