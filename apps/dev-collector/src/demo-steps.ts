import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';

/** Starts `script` with `env`, its output prefixed and dimmed. */
export const startApp = (
  script: string,
  env: NodeJS.ProcessEnv,
  prefix: (line: string) => string,
): ChildProcess => {
  const child = spawn(process.execPath, [script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const relay = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n'))
      if (line.trim() !== '') process.stdout.write(`${prefix(line)}\n`);
  };
  child.stdout?.on('data', relay);
  child.stderr?.on('data', relay);
  return child;
};

/** Resolves once `url` answers, or rejects after `timeoutMs` (or when the app exits first). */
export const waitUntilUp = async (url: string, child: ChildProcess, timeoutMs: number): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the example app exited early (code ${child.exitCode})`);
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`the example app did not answer on ${url} within ${timeoutMs} ms`);
};

/** Asks the app to stop (SIGINT: it flushes and shuts its client down); kills it after `timeoutMs`. */
export const stopApp = (child: ChildProcess, timeoutMs: number): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGINT');
  });
