import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDirs } from './helpers.js';

/* The command line itself: help, versions, and bad usage (exit 1, a message on stderr, nothing written). */

const temp = tempDirs();
afterAll(() => temp.cleanup());

const { version } = JSON.parse(readFileSync(join(ROOT, 'packages/cli/package.json'), 'utf8')) as {
  version: string;
};

describe('telemetryflow-gen', () => {
  it.each([
    [
      ['--help'],
      /Usage: telemetryflow-gen \[options\] \[command\][\s\S]*init[\s\S]*example[\s\S]*config[\s\S]*version/,
    ],
    [['help', 'init'], /Usage: telemetryflow-gen init \[options\] \[dir\]/],
    [['init', '--help'], /Usage: telemetryflow-gen init \[options\] \[dir\][\s\S]*--framework <name>/],
    [
      ['example', '--help'],
      /Usage: telemetryflow-gen example \[options\] <kind> \[dir\][\s\S]*"basic", "http-server",\s+"grpc-server", "worker"/,
    ],
    [['config', '--help'], /Usage: telemetryflow-gen config \[options\][\s\S]*--json/],
    [['version', '--help'], /Usage: telemetryflow-gen version/],
  ])('%j prints help and exits 0', async (args, pattern) => {
    const run = await runCli(args, temp.make());
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(pattern);
  });

  it.each([['init'], ['example']])('%s --help lists every flag of the issue', async (command) => {
    const run = await runCli([command, '--help'], temp.make());
    const flags = [
      '--protocol <protocol>',
      '--use-v2-api',
      '--v2-only',
      '--collector-name <name>',
      '--datacenter <name>',
    ];
    for (const flag of [...flags, '--service <name>', '--endpoint <endpoint>', '--force', '--dry-run']) {
      expect(run.stdout).toContain(flag);
    }
  });

  it('version prints the CLI, SDK and Node.js versions; --version the CLI version', async () => {
    const run = await runCli(['version'], temp.make());
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(`^telemetryflow-gen ${version}\\n@telemetryflow/client \\d+\\.\\d+\\.\\d+\\nnode v\\d+`),
    );
    expect((await runCli(['--version'], temp.make())).stdout).toBe(`${version}\n`);
  });

  it.each([
    [
      ['init', '--protocol', 'udp'],
      "option '--protocol <protocol>' argument 'udp' is invalid. Allowed choices are grpc, http.",
    ],
    [['init', '--framework', 'rails'], "argument 'rails' is invalid"],
    [['init', '--bogus'], "unknown option '--bogus'"],
    [['init', '--service'], "option '--service <name>' argument missing"],
    [['example'], "missing required argument 'kind'"],
    [['example', 'chat'], "command-argument value 'chat' is invalid for argument 'kind'"],
    [['deploy'], "unknown command 'deploy'"],
    [['config', 'extra'], "too many arguments for 'config'"],
    [['init'], 'no package.json in'],
  ])('%j exits 1 with a clear message', async (args, message) => {
    const dir = temp.make();
    const run = await runCli(args, dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(message);
  });
});
