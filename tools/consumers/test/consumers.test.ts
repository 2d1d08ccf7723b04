import { execFile } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { BuildOptions } from 'esbuild';
import { waitFor } from '@telemetryflow-internal/test-utils';
import type { Flattened } from '@telemetryflow-internal/test-utils';
import { startGrpcReceiver } from '@telemetryflow-internal/test-utils/grpc-receiver';
import type { GrpcReceiver } from '@telemetryflow-internal/test-utils/grpc-receiver';
import { startHttpReceiver } from '@telemetryflow-internal/test-utils/http-receiver';
import type { HttpReceiver } from '@telemetryflow-internal/test-utils/http-receiver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../../..');
const fixtures = join(here, '../fixtures');
const own = JSON.parse(readFileSync(join(here, '../package.json'), 'utf8')) as {
  devDependencies: Record<string, string>;
};

/** Exact versions of what the apps install besides our tarballs (the peers of the middleware and loggers). */
const PEERS: Readonly<Record<string, string>> = {
  '@grpc/grpc-js': '1.14.7',
  '@nestjs/common': '11.2.10',
  '@nestjs/core': '11.2.10',
  '@types/express': '5.0.6',
  '@types/koa': '3.0.3',
  '@types/node': '20.19.43',
  express: '5.2.1',
  fastify: '5.11.3',
  hono: '4.13.19',
  koa: '3.3.0',
  pino: '10.4.0',
  'reflect-metadata': '0.2.2',
  rxjs: '7.8.2',
  winston: '3.19.0',
};

/** The compilers the published types must satisfy (`npm view typescript versions`). */
const TYPESCRIPTS: Readonly<Record<string, string>> = { ts59: '5.9.3', ts6: '6.0.3', ts7: '7.0.2' };

/** What a child process of this test may see: no `npm_*` settings or NODE_PATH of the workspace's pnpm. */
const cleanEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(npm_|pnpm_|NODE_PATH$|NODE_OPTIONS$|VITEST|TELEMETRYFLOW_|OTEL_)/i.test(key)) env[key] = value;
  }
  return { ...env, ...extra };
};

interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to its end (10 minutes at most: a hung install, not a speed bound). */
const run = (command: string, args: readonly string[], cwd: string, env = cleanEnv()): Promise<Ran> =>
  new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd, env, timeout: 600_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, stdout, stderr: error !== null && stderr === '' ? error.message : stderr });
      },
    );
  });

const mustRun = async (command: string, args: readonly string[], cwd: string): Promise<string> => {
  const ran = await run(command, args, cwd);
  if (ran.code !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed in ${cwd} (${ran.code}):\n${ran.stderr}\n${ran.stdout}`,
    );
  }
  return ran.stdout;
};

/** pnpm: the one running this test (`pnpm test`), else the pinned one through npx. */
const pnpm = (args: readonly string[], cwd: string): Promise<string> => {
  const own = process.env['npm_execpath'];
  return own !== undefined && /pnpm/.test(own) && own.endsWith('.cjs')
    ? mustRun(process.execPath, [own, ...args], cwd)
    : mustRun('npx', ['-y', 'pnpm@10.34.9', ...args], cwd);
};

const npmInstall = (cwd: string): Promise<string> =>
  mustRun('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], cwd);

/** The last JSON line an app printed. */
const reportOf = (ran: Ran): { sent?: string; buildError?: string } => {
  const line = ran.stdout.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(line) as { sent?: string; buildError?: string };
  } catch {
    throw new Error(`the app printed no report (exit ${ran.code}):\n${ran.stdout}\n${ran.stderr}`);
  }
};

type Receiver = GrpcReceiver | HttpReceiver;

/** Waits until the receiver holds the app's span, its log and its counter, each from its service. */
const expectDelivered = async (receiver: Receiver, service: string): Promise<void> => {
  const ofService = (items: Flattened<Record<string, unknown>>[]) =>
    items.filter((i) => i.resource['service.name'] === service);
  const spans = await waitFor(() => ofService(receiver.spans()).at(0), `${service}'s span`);
  expect(spans.item['name']).toBe(service);
  await waitFor(() => ofService(receiver.logs()).at(0), `${service}'s log`);
  const metric = await waitFor(
    () => ofService(receiver.metrics()).find((m) => m.item['name'] === 'consumer.runs'),
    `${service}'s counter`,
  );
  expect(metric.item['name']).toBe('consumer.runs');
};

const work = mkdtempSync(join(tmpdir(), 'tf-consumers-'));
const tarballs = join(work, 'tarballs');
/** Package name → absolute path of its packed tarball. */
const packed = new Map<string, string>();
let grpc: GrpcReceiver;
let http: HttpReceiver;

const fileSpec = (name: string): string => `file:${packed.get(name) ?? ''}`;
const packedSpecs = (): Record<string, string> =>
  Object.fromEntries([...packed.keys()].map((name) => [name, fileSpec(name)]));

beforeAll(async () => {
  mkdirSync(tarballs);
  const dirs = readdirSync(join(root, 'packages'))
    .map((dir) => join(root, 'packages', dir))
    .filter((dir) => existsSync(join(dir, 'package.json')));
  for (const dir of dirs) {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      name: string;
      private?: boolean;
    };
    if (manifest.private === true) continue;
    // turbo builds this package's devDependencies before its test: a package missing there would be packed unbuilt.
    expect(Object.keys(own.devDependencies)).toContain(manifest.name);
    const before = new Set(readdirSync(tarballs));
    await pnpm(['pack', '--pack-destination', tarballs], dir);
    const made = readdirSync(tarballs).filter((f) => !before.has(f));
    expect(made).toHaveLength(1);
    packed.set(manifest.name, join(tarballs, made[0] as string));
  }
  [grpc, http] = await Promise.all([startGrpcReceiver(), startHttpReceiver()]);
});

afterAll(async () => {
  await Promise.all([grpc?.close(), http?.close()]);
  rmSync(work, { recursive: true, force: true });
});

describe('npm app (tarballs of every public package)', () => {
  const app = join(work, 'npm-app');

  beforeAll(async () => {
    mkdirSync(app);
    for (const file of readdirSync(join(fixtures, 'apps')))
      copyFileSync(join(fixtures, 'apps', file), join(app, file));
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({
        name: 'consumer-npm-app',
        private: true,
        type: 'module',
        dependencies: { ...packedSpecs(), ...PEERS },
        devDependencies: Object.fromEntries(
          Object.entries(TYPESCRIPTS).map(([alias, version]) => [alias, `npm:typescript@${version}`]),
        ),
      }),
    );
    await npmInstall(app);
  });

  it('ESM: exports over gRPC by name (withGrpc: the transport found as the client peer)', async () => {
    const ran = await run(
      process.execPath,
      ['send.mjs'],
      app,
      cleanEnv({
        TF_SCENARIO: 'npm-esm-grpc',
        TF_ENDPOINT: grpc.address,
        TF_TRANSPORT: 'grpc-by-name',
      }),
    );
    expect(reportOf(ran)).toEqual({ sent: 'npm-esm-grpc' });
    await expectDelivered(grpc, 'npm-esm-grpc');
  });

  it('ESM: exports over HTTP with the explicit transport', async () => {
    const ran = await run(
      process.execPath,
      ['send.mjs'],
      app,
      cleanEnv({
        TF_SCENARIO: 'npm-esm-http',
        TF_ENDPOINT: http.address,
        TF_TRANSPORT: 'http',
      }),
    );
    expect(reportOf(ran)).toEqual({ sent: 'npm-esm-http' });
    await expectDelivered(http, 'npm-esm-http');
  });

  it('CommonJS: exports over gRPC (explicit) and HTTP (by name)', async () => {
    const viaGrpc = await run(
      process.execPath,
      ['send.cjs'],
      app,
      cleanEnv({
        TF_SCENARIO: 'npm-cjs-grpc',
        TF_ENDPOINT: grpc.address,
        TF_TRANSPORT: 'grpc',
      }),
    );
    expect(reportOf(viaGrpc)).toEqual({ sent: 'npm-cjs-grpc' });
    const viaHttp = await run(
      process.execPath,
      ['send.cjs'],
      app,
      cleanEnv({
        TF_SCENARIO: 'npm-cjs-http',
        TF_ENDPOINT: http.address,
        TF_TRANSPORT: 'http-by-name',
      }),
    );
    expect(reportOf(viaHttp)).toEqual({ sent: 'npm-cjs-http' });
    await expectDelivered(grpc, 'npm-cjs-grpc');
    await expectDelivered(http, 'npm-cjs-http');
  });

  it('CommonJS: require() gives the ESM names as plain values, and the domain classes re-exported are the domain’s', async () => {
    const ran = await run(process.execPath, ['exports.cjs'], app);
    const line = ran.stdout.trim().split('\n').at(-1) ?? '';
    expect(JSON.parse(line), ran.stderr).toEqual({ packages: packed.size, problems: [] });
  });

  describe('esbuild bundles, run from a folder without node_modules', () => {
    const elsewhere = join(work, 'bundles');
    const banner = {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    };

    beforeAll(async () => {
      mkdirSync(elsewhere);
      const common: BuildOptions = {
        entryPoints: [join(app, 'send.mjs')],
        bundle: true,
        platform: 'node',
        logLevel: 'error',
      };
      await build({ ...common, outfile: join(elsewhere, 'app.cjs'), format: 'cjs' });
      await build({ ...common, outfile: join(elsewhere, 'app.mjs'), format: 'esm', banner });
    });

    it.each([
      ['app.cjs', 'grpc', 'bundle-cjs-grpc'],
      ['app.cjs', 'http', 'bundle-cjs-http'],
      ['app.mjs', 'grpc', 'bundle-esm-grpc'],
      ['app.mjs', 'http', 'bundle-esm-http'],
    ])('%s with the explicit %s transport delivers', async (bundle, transport, scenario) => {
      const receiver = transport === 'grpc' ? grpc : http;
      const ran = await run(
        process.execPath,
        [bundle],
        elsewhere,
        cleanEnv({
          TF_SCENARIO: scenario,
          TF_ENDPOINT: receiver.address,
          TF_TRANSPORT: transport,
        }),
      );
      expect(reportOf(ran)).toEqual({ sent: scenario });
      expect(ran.stderr).not.toMatch(/Cannot find module|ERR_INVALID_ARG_VALUE/);
      await expectDelivered(receiver, scenario);
    });

    it.each(['app.cjs', 'app.mjs'])(
      '%s with withGrpc() fails at build(), saying to pass the transport',
      async (bundle) => {
        const ran = await run(
          process.execPath,
          [bundle],
          elsewhere,
          cleanEnv({
            TF_SCENARIO: 'bundle-by-name',
            TF_ENDPOINT: grpc.address,
            TF_TRANSPORT: 'grpc-by-name',
          }),
        );
        expect(reportOf(ran).buildError).toContain(
          "import { createGrpcTransport } from '@telemetryflow/infrastructure-grpc' and pass `.withExporter(createGrpcTransport())`",
        );
      },
    );
  });

  describe('TypeScript', () => {
    const files = ['every-package.ts', 'client-only.ts'];
    const tsc = (alias: string, args: readonly string[]) =>
      run(process.execPath, [join(app, 'node_modules', alias, 'bin', 'tsc'), ...args], app);

    beforeAll(() => {
      // What `tsc --init` writes (the same in 5.9, 6.0 and 7.0), checking our declarations too.
      writeFileSync(
        join(app, 'tsconfig.init.json'),
        JSON.stringify({
          compilerOptions: {
            module: 'nodenext',
            target: 'esnext',
            types: [],
            noUncheckedIndexedAccess: true,
            exactOptionalPropertyTypes: true,
            strict: true,
            verbatimModuleSyntax: true,
            isolatedModules: true,
            noUncheckedSideEffectImports: true,
            moduleDetection: 'force',
            skipLibCheck: false,
            noEmit: true,
          },
          files,
        }),
      );
    });

    it.each(Object.entries(TYPESCRIPTS))('%s (%s): the tsc --init settings', async (alias) => {
      const ran = await tsc(alias, ['-p', 'tsconfig.init.json']);
      expect(ran.stdout + ran.stderr).toBe('');
      expect(ran.code).toBe(0);
    });

    it.each(Object.entries(TYPESCRIPTS))('%s (%s): --strict --module nodenext', async (alias) => {
      const ran = await tsc(alias, ['--noEmit', '--strict', '--module', 'nodenext', ...files]);
      expect(ran.stdout + ran.stderr).toBe('');
      expect(ran.code).toBe(0);
    });

    // TypeScript 5.9's bare defaults target ES5, below any Node 20 project (and removed in 7).
    it.each(Object.entries(TYPESCRIPTS).filter(([alias]) => alias !== 'ts59'))(
      '%s (%s): the compiler defaults',
      async (alias) => {
        const ran = await tsc(alias, ['--noEmit', ...files]);
        expect(ran.stdout + ran.stderr).toBe('');
        expect(ran.code).toBe(0);
      },
    );

    it('fails on a type error, so a pass means something', async () => {
      writeFileSync(
        join(app, 'broken.ts'),
        "import { TelemetryFlowBuilder } from '@telemetryflow/client';\nnew TelemetryFlowBuilder().withService(42);\n",
      );
      const ran = await tsc('ts7', ['--noEmit', '--strict', '--module', 'nodenext', 'broken.ts']);
      expect(ran.stdout).toContain('broken.ts');
      expect(ran.code).not.toBe(0);
    });
  });
});

describe('pnpm workspace, strict (hoist=false), the transport declared by a sibling package', () => {
  const ws = join(work, 'pnpm-strict');

  beforeAll(async () => {
    for (const dir of ['shared', 'service']) mkdirSync(join(ws, dir), { recursive: true });
    copyFileSync(join(fixtures, 'pnpm-strict/shared/index.js'), join(ws, 'shared/index.js'));
    copyFileSync(join(fixtures, 'pnpm-strict/service/main.mjs'), join(ws, 'service/main.mjs'));
    writeFileSync(join(ws, '.npmrc'), 'hoist=false\n');
    writeFileSync(
      join(ws, 'pnpm-workspace.yaml'),
      `packages:\n  - shared\n  - service\noverrides:\n${Object.entries(packedSpecs())
        .map(([name, spec]) => `  '${name}': '${spec}'\n`)
        .join('')}`,
    );
    writeFileSync(join(ws, 'package.json'), JSON.stringify({ name: 'acme', private: true }));
    writeFileSync(
      join(ws, 'shared/package.json'),
      JSON.stringify({
        name: '@acme/telemetry',
        version: '1.0.0',
        type: 'module',
        exports: './index.js',
        dependencies: {
          '@telemetryflow/client': fileSpec('@telemetryflow/client'),
          '@telemetryflow/infrastructure-grpc': fileSpec('@telemetryflow/infrastructure-grpc'),
        },
      }),
    );
    writeFileSync(
      join(ws, 'service/package.json'),
      JSON.stringify({
        name: '@acme/service',
        version: '1.0.0',
        type: 'module',
        dependencies: {
          '@acme/telemetry': 'workspace:*',
          '@telemetryflow/client': fileSpec('@telemetryflow/client'),
        },
      }),
    );
    await pnpm(['install', '--prefer-offline', '--reporter=silent'], ws);
  });

  it("the shared package's withGrpc() finds the transport and delivers", async () => {
    const ran = await run(
      process.execPath,
      ['main.mjs'],
      join(ws, 'service'),
      cleanEnv({
        TF_SCENARIO: 'pnpm-strict',
        TF_ENDPOINT: grpc.address,
      }),
    );
    expect(reportOf(ran)).toEqual({ sent: 'pnpm-strict' });
    await expectDelivered(grpc, 'pnpm-strict');
  });

  // pnpm may give the service the shared package's client (peers deduplicated) or its own: either
  // it works, or build() says how to get the transport.
  it('a service that did not declare the transport either delivers or is told at build() how to', async () => {
    const ran = await run(
      process.execPath,
      ['main.mjs'],
      join(ws, 'service'),
      cleanEnv({
        TF_SCENARIO: 'pnpm-own-client',
        TF_ENDPOINT: grpc.address,
        TF_OWN_CLIENT: '1',
      }),
    );
    const { sent, buildError } = reportOf(ran);
    if (sent === undefined) {
      expect(buildError).toContain('run `npm install @telemetryflow/infrastructure-grpc`');
      expect(buildError).toContain('.withExporter(createGrpcTransport())');
    } else {
      await expectDelivered(grpc, 'pnpm-own-client');
    }
    console.info(
      `pnpm strict, the service's own client: ${sent === undefined ? `build() error: ${buildError}` : 'delivered'}`,
    );
  });
});
