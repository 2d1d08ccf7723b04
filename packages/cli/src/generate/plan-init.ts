import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BuilderError,
  TELEMETRYFLOW_ENV as TF,
  TRANSPORT_PACKAGES,
  TelemetryFlowBuilder,
} from '@telemetryflow/client';
import type { ExportTransport } from '@telemetryflow/client';
import { detectProject, installCommands } from '../project/detect-project.js';
import type { Framework, ProjectInfo } from '../project/detect-project.js';
import { GENERATOR } from '../version.js';
import { ENV_FILE_NAME, KEY_PLACEHOLDERS, envValue, renderEnvFile } from './env-file.js';
import { renderTelemetryModule } from './telemetry-module.js';

/** The settings `init` and `example` write; each becomes a variable in `.env.telemetryflow`. */
export interface ConnectionOptions {
  /** `TELEMETRYFLOW_PROTOCOL`; also picks the transport package to install. Default `grpc`. */
  readonly protocol?: 'grpc' | 'http';
  /** `TELEMETRYFLOW_USE_V2_API=true`. */
  readonly useV2Api?: boolean;
  /** `TELEMETRYFLOW_V2_ONLY=true` (implies the v2 API). */
  readonly v2Only?: boolean;
  /** `TELEMETRYFLOW_COLLECTOR_NAME`. */
  readonly collectorName?: string;
  /** `TELEMETRYFLOW_DATACENTER`. */
  readonly datacenter?: string;
  /** `TELEMETRYFLOW_SERVICE_NAME`; default: the app's package.json name. */
  readonly service?: string;
  /** `TELEMETRYFLOW_ENDPOINT`; an `http://` URL also sets `TELEMETRYFLOW_INSECURE=true`. */
  readonly endpoint?: string;
  /** `TELEMETRYFLOW_INSECURE=true`: plaintext, e.g. a local collector on `127.0.0.1:4317`. */
  readonly insecure?: boolean;
}

export interface InitOptions extends ConnectionOptions {
  /** The app's directory (holding its package.json). */
  readonly dir: string;
  /** The framework to wire instead of the detected one; `none` for none. */
  readonly framework?: Framework | 'none';
}

/** A file to write, its path relative to the target directory. */
export interface PlannedFile {
  readonly path: string;
  readonly content: string;
}

/** What `init` will do. Nothing is written until {@link writeFiles}. */
export interface InitPlan {
  readonly project: ProjectInfo;
  readonly framework: Framework | undefined;
  readonly files: readonly PlannedFile[];
  /** The variables set (not commented out) in `.env.telemetryflow`. */
  readonly env: Readonly<Record<string, string>>;
  /** Commands that install the packages the generated code uses. */
  readonly install: readonly string[];
  /** Lines to add to the app's entry file. */
  readonly usage: readonly string[];
  /** Things the user should know (a port to change, a file to keep out of git). */
  readonly notes: readonly string[];
}

/** Flags that make a configuration the SDK refuses; `problems` are the builder's. */
export class OptionsError extends Error {
  override readonly name = 'OptionsError';
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`these settings would not work:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.problems = problems;
  }
}

const NO_EXPORT: ExportTransport = {
  send: () => Promise.resolve({ status: 'failed', reason: 'not exporting' }),
  shutdown: () => Promise.resolve(),
};

/**
 * The variables the flags set, checked by building a client from them with the SDK's builder, so a
 * flag the SDK would refuse (`--endpoint http://…` with gRPC) fails now rather than at the app's start.
 * @throws {OptionsError} listing the builder's problems
 */
export const envValuesFor = (options: ConnectionOptions, defaultService: string): Record<string, string> => {
  const env: Record<string, string> = {
    [TF.API_KEY_ID]: KEY_PLACEHOLDERS.id,
    [TF.API_KEY_SECRET]: KEY_PLACEHOLDERS.secret,
    [TF.SERVICE_NAME]: options.service ?? defaultService,
  };
  if (options.endpoint !== undefined) env[TF.ENDPOINT] = options.endpoint;
  const plaintextUrl = options.endpoint !== undefined && /^http:\/\//i.test(options.endpoint);
  if (options.insecure === true || plaintextUrl) env[TF.INSECURE] = 'true';
  if (options.protocol !== undefined) env[TF.PROTOCOL] = options.protocol;
  if (options.useV2Api === true) env[TF.USE_V2_API] = 'true';
  if (options.v2Only === true) env[TF.V2_ONLY] = 'true';
  if (options.collectorName !== undefined) env[TF.COLLECTOR_NAME] = options.collectorName;
  if (options.datacenter !== undefined) env[TF.DATACENTER] = options.datacenter;
  try {
    new TelemetryFlowBuilder(env).withAutoConfiguration().withExporter(NO_EXPORT).build();
  } catch (error) {
    if (!(error instanceof BuilderError)) throw error;
    throw new OptionsError(error.problems.map((p) => p.message));
  }
  const unwritable = Object.values(env).flatMap((value) => {
    try {
      envValue(value);
      return [];
    } catch (error) {
      return [(error as Error).message];
    }
  });
  if (unwritable.length > 0) throw new OptionsError(unwritable);
  return env;
};

/** The transport package for the protocol the flags chose. */
export const transportPackageFor = (options: ConnectionOptions): string =>
  TRANSPORT_PACKAGES[options.protocol ?? 'grpc'];

/** Notes every generated configuration may need. */
export const connectionNotes = (options: ConnectionOptions): string[] =>
  options.protocol === 'http' && options.endpoint === undefined
    ? [
        `TELEMETRYFLOW_ENDPOINT defaults to api.telemetryflow.id:4317, the gRPC port: set it in ${ENV_FILE_NAME} to your collector's OTLP/HTTP address (usually port 4318).`,
      ]
    : [];

const IGNORES_ENV_FILE = new Set([ENV_FILE_NAME, `/${ENV_FILE_NAME}`, '.env*', '.env.*', '*.env*']);

const gitignoreNote = (dir: string): string[] => {
  const path = join(dir, '.gitignore');
  const ignored =
    existsSync(path) &&
    readFileSync(path, 'utf8')
      .split('\n')
      .some((line) => IGNORES_ENV_FILE.has(line.trim()));
  return ignored ? [] : [`Add ${ENV_FILE_NAME} to .gitignore: it will hold your API key secret.`];
};

/**
 * Plans `init` for the app in `options.dir`: reads the app, renders the telemetry module (in the
 * app's module format and language, wiring its framework) and `.env.telemetryflow`.
 * @throws {ProjectError} when the app has no readable package.json
 * @throws {OptionsError} when the flags make a configuration the SDK refuses
 */
export const planInit = (options: InitOptions): InitPlan => {
  const project = detectProject(options.dir);
  const framework = options.framework === 'none' ? undefined : (options.framework ?? project.framework);
  const env = envValuesFor(options, project.name);
  const module = renderTelemetryModule(
    { typescript: project.typescript, moduleFormat: project.moduleFormat },
    framework,
    GENERATOR,
  );
  const modulePath = join(project.sourceDir, 'telemetry', project.typescript ? 'index.ts' : 'index.js');
  // The client, its transport, then the middleware: the order of the docs' install lines.
  const [client = '', ...middleware] = module.packages;
  const packages = [client, transportPackageFor(options), ...middleware];
  const needsNodeTypes = project.typescript && !project.dependencies.includes('@types/node');
  return {
    project,
    framework,
    files: [
      { path: modulePath, content: module.code },
      { path: ENV_FILE_NAME, content: renderEnvFile(env, GENERATOR) },
    ],
    env,
    install: installCommands(project.packageManager, packages, needsNodeTypes ? ['@types/node'] : []),
    usage: module.usage,
    notes: [...connectionNotes(options), ...gitignoreNote(project.dir)],
  };
};
