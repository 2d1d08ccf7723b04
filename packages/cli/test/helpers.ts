import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');
/** The built CLI, run as users run it: through the committed bin file. */
export const CLI = join(ROOT, 'packages/cli/bin/telemetryflow-gen.js');
/** The workspace's TypeScript compiler. */
export const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');

/**
 * The environment of every child process: PATH and HOME only, plus `extra`, so the developer's own
 * TELEMETRYFLOW_* / OTEL_* variables never reach a test.
 */
export const cleanEnv = (extra: Record<string, string> = {}): Record<string, string> => ({
  PATH: process.env['PATH'] ?? '',
  HOME: process.env['HOME'] ?? tmpdir(),
  ...extra,
});

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A running node process: its output so far, waits for a line and for its exit. */
export interface Started {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `pattern` in stdout; rejects if the process exits first. */
  waitForOutput(pattern: RegExp): Promise<RegExpMatchArray>;
  readonly exited: Promise<Exit>;
}

/** Starts `node ...args` in `cwd` with exactly `env`. */
export const startNode = (args: readonly string[], cwd: string, env: Record<string, string>): Started => {
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiters = new Set<() => void>();
  const notify = () => waiters.forEach((w) => w());
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    notify();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<Exit>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      notify();
      resolve({ code, signal, stdout, stderr });
    });
  });
  let done = false;
  void exited.finally(() => (done = true));
  const waitForOutput = (pattern: RegExp) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(stdout);
        if (match !== null) {
          waiters.delete(check);
          resolve(match);
        } else if (done || child.exitCode !== null) {
          waiters.delete(check);
          reject(new Error(`exited before printing ${String(pattern)}:\n${stdout}\n${stderr}`));
        }
      };
      waiters.add(check);
      check();
    });
  return { child, stdout: () => stdout, stderr: () => stderr, waitForOutput, exited };
};

/** Runs `node ...args` to its exit. */
export const runNode = (
  args: readonly string[],
  cwd: string,
  env: Record<string, string> = cleanEnv(),
): Promise<Exit> => startNode(args, cwd, env).exited;

/** Runs the built CLI. */
export const runCli = (
  args: readonly string[],
  cwd: string,
  env: Record<string, string> = cleanEnv(),
): Promise<Exit> => runNode([CLI, ...args], cwd, env);

/** Temporary directories, removed by `cleanup()` (symbolic links are removed, never followed). */
export const tempDirs = () => {
  const dirs: string[] = [];
  return {
    make(prefix = 'tf-cli-'): string {
      const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
      dirs.push(dir);
      return dir;
    },
    cleanup(): void {
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
};

/** Writes `files` (path → content) under `dir`. */
export const writeTree = (dir: string, files: Readonly<Record<string, string>>): void => {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
};

/** Where each package the generated code may import lives in this workspace. */
const WORKSPACE_PACKAGES: Readonly<Record<string, string>> = {
  '@telemetryflow/client': 'packages/client',
  '@telemetryflow/infrastructure-http': 'packages/infrastructure-http',
  '@telemetryflow/infrastructure-grpc': 'packages/infrastructure-grpc',
  '@telemetryflow/middleware-express': 'packages/middleware-express',
  '@telemetryflow/middleware-fastify': 'packages/middleware-fastify',
  '@telemetryflow/middleware-koa': 'packages/middleware-koa',
  '@telemetryflow/middleware-hono': 'packages/middleware-hono',
  '@telemetryflow/middleware-nestjs': 'packages/middleware-nestjs',
  '@telemetryflow/middleware-grpc': 'packages/middleware-grpc',
  express: 'packages/middleware-express/node_modules/express',
  '@types/express': 'packages/middleware-express/node_modules/@types/express',
  fastify: 'packages/middleware-fastify/node_modules/fastify',
  koa: 'packages/middleware-koa/node_modules/koa',
  '@types/koa': 'packages/middleware-koa/node_modules/@types/koa',
  hono: 'packages/middleware-hono/node_modules/hono',
  '@hono/node-server': 'packages/middleware-hono/node_modules/@hono/node-server',
  '@nestjs/common': 'packages/middleware-nestjs/node_modules/@nestjs/common',
  '@nestjs/core': 'packages/middleware-nestjs/node_modules/@nestjs/core',
  'reflect-metadata': 'packages/middleware-nestjs/node_modules/reflect-metadata',
  rxjs: 'packages/middleware-nestjs/node_modules/rxjs',
  '@grpc/grpc-js': 'packages/middleware-grpc/node_modules/@grpc/grpc-js',
  '@grpc/proto-loader': 'packages/middleware-grpc/node_modules/@grpc/proto-loader',
  '@types/node': 'node_modules/@types/node',
};

/**
 * Makes `names` importable from `dir` without a network install: links the workspace's packages
 * (built) and the framework packages installed for their tests into `dir/node_modules`.
 */
export const linkPackages = (dir: string, names: readonly string[]): void => {
  for (const name of names) {
    const target = WORKSPACE_PACKAGES[name];
    if (target === undefined) throw new Error(`no workspace copy of ${name}`);
    const link = join(dir, 'node_modules', name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(realpathSync(join(ROOT, target)), link, 'dir');
  }
};

/** Every file under `dir` (node_modules skipped) with its size, modification time and content: a snapshot to compare. */
export const snapshot = (dir: string): Record<string, string> => {
  const out: Record<string, string> = {};
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.name === 'node_modules') continue;
      if (entry.isDirectory()) {
        out[`${path.slice(dir.length + 1)}/`] = 'directory';
        walk(path);
      } else out[path.slice(dir.length + 1)] = `${statSync(path).mtimeMs}:${readFileSync(path, 'utf8')}`;
    }
  };
  walk(dir);
  return out;
};

/** `key=value` lines of an env file that are set (not commented out). */
export const setVariables = (envFile: string): Record<string, string> =>
  Object.fromEntries(
    envFile
      .split('\n')
      .filter((line) => /^[A-Z][A-Z0-9_]*=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
