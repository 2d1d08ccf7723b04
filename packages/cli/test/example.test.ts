import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startHttpReceiver } from '@telemetryflow-internal/test-utils/http-receiver';
import type { HttpReceiver } from '@telemetryflow-internal/test-utils/http-receiver';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  cleanEnv,
  linkPackages,
  runCli,
  runNode,
  snapshot,
  startNode,
  tempDirs,
  writeTree,
} from './helpers.js';

/*
 * `telemetryflow-gen example <kind>` as a subprocess; each project is then run as `npm start` runs
 * it (node --env-file=.env.telemetryflow src/main.js) against a loopback OTLP/HTTP receiver, with
 * the workspace's packages linked in.
 */

const temp = tempDirs();
afterAll(() => temp.cleanup());

let receiver: HttpReceiver;
beforeEach(async () => {
  receiver = await startHttpReceiver();
});
afterEach(() => receiver.close());

const SDK = ['@telemetryflow/client', '@telemetryflow/infrastructure-http'];

/** Writes the example `kind` into a new directory, pointed at the receiver; returns the directory and the CLI's output. */
const generate = async (kind: string, links: readonly string[]) => {
  const cwd = temp.make();
  const run = await runCli(['example', kind, '--protocol', 'http', '--endpoint', receiver.url], cwd);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const dir = join(cwd, `telemetryflow-example-${kind}`);
  linkPackages(dir, [...SDK, ...links]);
  return { dir, stdout: run.stdout };
};

const START = ['--env-file=.env.telemetryflow', 'src/main.js'];
const spanNames = () => receiver.spans().map((s) => s.item['name'] as string);

describe('telemetryflow-gen example', () => {
  it('basic: runs to its end and delivers spans, logs and metrics as it exits', async () => {
    const { dir, stdout } = await generate('basic', []);
    expect(stdout).toContain('cd telemetryflow-example-basic');
    expect(stdout).toContain('npm install @telemetryflow/client @telemetryflow/infrastructure-http');
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      scripts: { start: string };
    };
    expect(manifest.scripts.start).toBe(`node ${START.join(' ')}`);
    const run = await runNode(START, dir, cleanEnv());
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(spanNames()).toEqual(expect.arrayContaining(['process-order', 'charge-card', 'manual-operation']));
    const byName = (name: string) => receiver.spans().find((s) => s.item['name'] === name)?.item;
    expect(byName('charge-card')?.['parentSpanId']).toEqual(byName('process-order')?.['spanId']);
    expect(receiver.spans()[0]?.resource['service.name']).toBe('telemetryflow-example-basic');
    expect(receiver.logs().length).toBeGreaterThan(0);
    expect(receiver.metrics().map((m) => m.item['name'])).toContain('orders.processed');
  });

  it('http-server: serves, records each request, and sends on SIGTERM', async () => {
    const { dir, stdout } = await generate('http-server', ['@telemetryflow/middleware-express', 'express']);
    expect(stdout).toContain(
      'npm install @telemetryflow/client @telemetryflow/infrastructure-http @telemetryflow/middleware-express express@5',
    );
    const server = startNode(START, dir, cleanEnv({ PORT: '0' }));
    const [, url] = await server.waitForOutput(/listening on (http:\S+)/);
    expect(await (await fetch(`${url}/api/users/1`)).json()).toEqual({ id: 1, name: 'Ada' });
    expect((await fetch(`${url}/error`)).status).toBe(500);
    expect((await fetch(`${url}/health`)).status).toBe(200);
    server.child.kill('SIGTERM');
    expect(await server.exited).toMatchObject({ code: 0, stderr: '' });
    expect(spanNames()).toEqual(expect.arrayContaining(['GET /api/users/:id', 'db.query', 'GET /error']));
    expect(spanNames()).not.toContain('GET /health'); // excluded in the telemetry module
  });

  it('worker: works through its jobs, a CONSUMER span each, and exits by itself', async () => {
    const { dir } = await generate('worker', []);
    const run = await runNode(START, dir, cleanEnv({ JOBS: '6' }));
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(spanNames().filter((n) => n.startsWith('job '))).toHaveLength(6);
    expect(receiver.logs().map((l) => (l.item['body'] as { stringValue?: string }).stringValue)).toContain(
      'job failed: upstream rejected the job',
    );
  });

  it('grpc-server: a Greeter call traced across client and server', async () => {
    const { dir, stdout } = await generate('grpc-server', [
      '@telemetryflow/middleware-grpc',
      '@grpc/grpc-js',
      '@grpc/proto-loader',
    ]);
    expect(stdout).toContain('@telemetryflow/middleware-grpc @grpc/grpc-js@1 @grpc/proto-loader@0.8');
    const run = await runNode(START, dir, cleanEnv({ PORT: '0' }));
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain('Hello, Ada!');
    const calls = receiver.spans().filter((s) => s.item['name'] === 'greeter.Greeter/SayHello');
    expect(calls.length).toBe(4); // two calls, each a CLIENT and a SERVER span
    expect(new Set(calls.map((s) => s.item['traceId'] as string)).size).toBe(2);
  });

  it('--dry-run writes nothing (not even the directory) and prints the files', async () => {
    const cwd = temp.make();
    const before = snapshot(cwd);
    const run = await runCli(['example', 'worker', 'my-worker', '--dry-run'], cwd);
    expect(run.code).toBe(0);
    expect(snapshot(cwd)).toEqual(before);
    expect(existsSync(join(cwd, 'my-worker'))).toBe(false);
    for (const file of [
      'package.json',
      'README.md',
      '.env.telemetryflow',
      'src/telemetry/index.js',
      'src/main.js',
    ]) {
      expect(run.stdout).toContain(`--- would write ${join(cwd, 'my-worker', file)} ---`);
    }
  });

  it('never overwrites an existing file without --force', async () => {
    const cwd = temp.make();
    writeTree(cwd, { 'demo/src/main.js': '// mine\n' });
    const refused = await runCli(['example', 'basic', 'demo'], cwd);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('not overwriting src/main.js in demo: pass --force');
    expect(existsSync(join(cwd, 'demo/package.json'))).toBe(false);
    expect((await runCli(['example', 'basic', 'demo', '--force'], cwd)).code).toBe(0);
    expect(readFileSync(join(cwd, 'demo/src/main.js'), 'utf8')).toContain("telemetry.span('process-order'");
  });
});
