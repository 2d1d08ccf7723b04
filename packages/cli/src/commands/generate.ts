import { relative, resolve } from 'node:path';
import { ENV_FILE_NAME } from '../generate/env-file.js';
import { planExample } from '../generate/examples.js';
import type { ExampleKind } from '../generate/examples.js';
import { OptionsError, planInit } from '../generate/plan-init.js';
import type { ConnectionOptions, InitPlan, PlannedFile } from '../generate/plan-init.js';
import { existingFiles, writeFiles } from '../generate/write-files.js';
import { ProjectError } from '../project/detect-project.js';
import type { Framework, ProjectInfo } from '../project/detect-project.js';
import { CliError } from './io.js';
import type { Io } from './io.js';

/** The flags `init` and `example` share. */
export interface GenerateFlags extends ConnectionOptions {
  readonly force?: boolean;
  readonly dryRun?: boolean;
}

const indent = (lines: readonly string[]): string => lines.map((line) => `  ${line}\n`).join('');

/** Runs a planner, turning its errors about the app or the flags into one-line messages. */
const planned = <T>(plan: () => T): T => {
  try {
    return plan();
  } catch (error) {
    if (error instanceof ProjectError || error instanceof OptionsError) throw new CliError(error.message);
    throw error;
  }
};

/**
 * Writes `files` under `dir`, or with `--dry-run` prints them and writes nothing. Never overwrites
 * without `--force`: when some exist, writes none of them.
 * @throws {CliError} naming the files that exist
 */
const emit = (dir: string, files: readonly PlannedFile[], flags: GenerateFlags, io: Io): void => {
  const existing = existingFiles(dir, files);
  const where = relative(io.cwd, dir) || '.';
  if (flags.dryRun === true) {
    for (const file of files) {
      const note = existing.includes(file.path)
        ? flags.force === true
          ? ' (overwriting)'
          : ' (exists: needs --force)'
        : '';
      io.stdout(`--- would write ${resolve(dir, file.path)}${note} ---\n${file.content}\n`);
    }
    io.stdout('(dry run: nothing written)\n');
    return;
  }
  if (existing.length > 0 && flags.force !== true) {
    throw new CliError(
      `not overwriting ${existing.join(', ')} in ${where}: pass --force to overwrite (nothing written)`,
    );
  }
  writeFiles(dir, files);
  io.stdout(files.map((file) => `wrote ${relative(io.cwd, resolve(dir, file.path))}\n`).join(''));
};

const FRAMEWORK_NAMES: Readonly<Record<Framework, string>> = {
  express: 'Express',
  fastify: 'Fastify',
  koa: 'Koa',
  hono: 'Hono',
  nestjs: 'NestJS',
};

const describeProject = (project: ProjectInfo, framework: Framework | undefined): string => {
  const language = project.typescript
    ? 'TypeScript'
    : project.moduleFormat === 'esm'
      ? 'ES module JavaScript'
      : 'CommonJS JavaScript';
  const web = framework === undefined ? 'no HTTP framework' : FRAMEWORK_NAMES[framework];
  const manager =
    project.packageManagerReason === 'default'
      ? 'npm (no lockfile found)'
      : `${project.packageManager} (${project.packageManagerReason})`;
  return `${project.dir}: ${language}, ${web}, ${manager}\n`;
};

const nextSteps = (plan: InitPlan): string =>
  [
    '\nInstall what it uses:\n',
    indent(plan.install),
    '\nIn your entry file (the import path is relative to it; the module is ',
    `${plan.files[0]?.path ?? ''}):\n`,
    indent(plan.usage),
    `\nThen fill in ${ENV_FILE_NAME} (API key, endpoint) and start the app with it:\n`,
    indent([`node --env-file=${ENV_FILE_NAME} <your entry file>`]),
    ...plan.notes.map((note) => `\nNote: ${note}\n`),
  ].join('');

/** `init [dir]`: the telemetry module and `.env.telemetryflow` for the app in `dir`. */
export const runInit = (
  dir: string,
  flags: GenerateFlags & { framework?: Framework | 'none' },
  io: Io,
): void => {
  const plan = planned(() => planInit({ ...flags, dir: resolve(io.cwd, dir) }));
  io.stdout(describeProject(plan.project, plan.framework));
  emit(plan.project.dir, plan.files, flags, io);
  io.stdout(nextSteps(plan));
};

/** `example <kind> [dir]`: a runnable example project in `dir` (default `telemetryflow-example-<kind>`). */
export const runExample = (
  kind: ExampleKind,
  dir: string | undefined,
  flags: GenerateFlags,
  io: Io,
): void => {
  const plan = planned(() => planExample(kind, flags));
  const target = resolve(io.cwd, dir ?? `telemetryflow-example-${kind}`);
  emit(target, plan.files, flags, io);
  const cd = relative(io.cwd, target) || '.';
  io.stdout(
    [
      '\nThen:\n',
      indent([
        `cd ${cd}`,
        ...plan.install,
        `# edit ${ENV_FILE_NAME}: your API key, the collector's endpoint`,
        'npm start',
      ]),
      ...plan.notes.map((note) => `\nNote: ${note}\n`),
    ].join(''),
  );
};
