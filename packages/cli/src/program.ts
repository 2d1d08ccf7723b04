import { Argument, Command, CommanderError, Option } from 'commander';
import { SDK_VERSION } from '@telemetryflow/client';
import { runConfig } from './commands/config.js';
import { runExample, runInit } from './commands/generate.js';
import type { GenerateFlags } from './commands/generate.js';
import { CliError, processIo } from './commands/io.js';
import type { Io } from './commands/io.js';
import { EXAMPLES } from './generate/examples.js';
import type { ExampleKind } from './generate/examples.js';
import { FRAMEWORKS } from './project/detect-project.js';
import type { Framework } from './project/detect-project.js';
import { CLI_VERSION } from './version.js';

/** The flags of `init` and `example`: the connection settings, `--force` and `--dry-run`. */
const withGenerateFlags = (command: Command): Command =>
  command
    .addOption(
      new Option(
        '--protocol <protocol>',
        'OTLP over grpc (port 4317) or http (protobuf, port 4318); default grpc',
      ).choices(['grpc', 'http']),
    )
    .option('--endpoint <endpoint>', 'collector address: host:port, or for http an http(s):// URL')
    .option('--service <name>', 'service name (default: the package.json name)')
    .option('--insecure', 'plaintext instead of TLS, e.g. a local collector (an http:// endpoint implies it)')
    .option(
      '--use-v2-api',
      "the TelemetryFlow collector's v2 API: /v2/{signal} paths, X-TelemetryFlow-API-Version: v2",
    )
    .option('--v2-only', 'only the v2 API (implies --use-v2-api)')
    .option('--collector-name <name>', 'sent as X-TelemetryFlow-Collector-Name')
    .option('--datacenter <name>', 'sent as X-TelemetryFlow-Datacenter')
    .option('--force', 'overwrite files that exist (without it, nothing is written when one does)')
    .option('--dry-run', 'print the files it would write; write nothing');

/**
 * The `telemetryflow-gen` command line: `init`, `example`, `config`, `version`. Errors and help go
 * through `io`; with `exitOverride`, commander throws instead of exiting (see {@link main}).
 */
export const createProgram = (io: Io = processIo()): Command => {
  const program = new Command('telemetryflow-gen')
    .description('Wires the TelemetryFlow SDK into a Node.js app, writes examples, shows the configuration.')
    .version(CLI_VERSION)
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();

  withGenerateFlags(
    program
      .command('init')
      .description(
        'write a telemetry module (client from the environment, shutdown on SIGTERM/SIGINT, framework middleware) and .env.telemetryflow into an app',
      )
      .argument('[dir]', "the app's directory (holding its package.json)", '.')
      .addOption(
        new Option('--framework <name>', 'wire this framework instead of the one detected').choices([
          ...FRAMEWORKS,
          'none',
        ]),
      ),
  ).action((dir: string, flags: GenerateFlags & { framework?: Framework | 'none' }) =>
    runInit(dir, flags, io),
  );

  withGenerateFlags(
    program
      .command('example')
      .description('write a runnable example project')
      .addArgument(new Argument('<kind>', 'which example').choices(EXAMPLES))
      .argument('[dir]', 'where to write it (default: telemetryflow-example-<kind>)'),
  ).action((kind: ExampleKind, dir: string | undefined, flags: GenerateFlags) =>
    runExample(kind, dir, flags, io),
  );

  program
    .command('config')
    .description(
      'print the configuration the SDK builds from this environment, the source of each value, secrets redacted; exit 1 if invalid',
    )
    .option('--json', 'as JSON')
    .action((flags: { json?: boolean }) => {
      // The problems are printed already: fail with the exit code alone.
      if (runConfig(flags, io) !== 0) throw new CliError('', 1);
    });

  program
    .command('version')
    .description('print the versions of this CLI, the SDK and Node.js')
    .action(() => {
      io.stdout(
        `telemetryflow-gen ${CLI_VERSION}\n@telemetryflow/client ${SDK_VERSION}\nnode ${process.version}\n`,
      );
    });

  return program;
};

/**
 * Runs the command line `argv` (`process.argv`: node, the script, then the arguments).
 * @returns the exit code: 0, 1 for a failure or bad usage (the message is on `io.stderr`)
 */
export const main = async (argv: readonly string[] = process.argv, io: Io = processIo()): Promise<number> => {
  try {
    await createProgram(io).parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode; // commander printed it
    if (error instanceof CliError) {
      if (error.message !== '') io.stderr(`telemetryflow-gen: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr(
      `telemetryflow-gen: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 1;
  }
};
