/** Where a command reads and writes: the process's, or a test's. */
export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Directory relative paths are resolved from. */
  readonly cwd: string;
  /** The environment `config` reads. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** The process's streams, working directory and environment. */
export const processIo = (): Io => ({
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  cwd: process.cwd(),
  env: process.env,
});

/**
 * A failure to report as one message and an exit code (1 unless given), without a stack trace; an
 * empty message when the command has printed what went wrong itself.
 */
export class CliError extends Error {
  override readonly name = 'CliError';
  readonly exitCode: number;

  constructor(message: string, exitCode = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}
