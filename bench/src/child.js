// Helpers to run scenario workers in child processes and talk to them over IPC.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The absolute path of a file next to this one. */
export const here = (file) => fileURLToPath(new URL(file, import.meta.url));

/**
 * Runs a worker to completion; resolves with the last message it sent (its report).
 * @param {string} file a file in bench/src
 * @param {string[]} args
 * @param {{ execArgv?: string[], timeoutMs?: number, onMessage?: (message: any, child: import('node:child_process').ChildProcess) => void }} [options]
 *   `onMessage` sees every message; the last one is the report.
 */
export const runWorker = (file, args, { execArgv = [], timeoutMs = 120_000, onMessage } = {}) =>
  new Promise((resolve, reject) => {
    const child = fork(here(file), args, { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let report;
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('message', (message) => {
      report = message;
      onMessage?.(message, child);
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (report !== undefined && code === 0) resolve(report);
      else reject(new Error(`${file} ${args.join(' ')} exited with ${signal ?? code}`));
    });
  });

/**
 * Starts a long-lived helper process and waits for its `{ type: 'ready' }` message.
 * `request(message)` sends a message and resolves with the next answer of the same type.
 * @param {string} file a file in bench/src
 * @param {string[]} [args]
 * @param {{ execArgv?: string[] }} [options] Node's flags for the helper (e.g. `--expose-gc`)
 */
export const startHelper = (file, args = [], { execArgv = [] } = {}) =>
  new Promise((resolve, reject) => {
    const child = fork(here(file), args, { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const onEarlyExit = (code) => reject(new Error(`${file} exited early with ${code}`));
    child.once('exit', onEarlyExit);
    child.once('message', (ready) => {
      child.off('exit', onEarlyExit);
      const request = (message) =>
        new Promise((answer) => {
          const onMessage = (reply) => {
            if (reply?.type !== message.type) return;
            child.off('message', onMessage);
            answer(reply);
          };
          child.on('message', onMessage);
          child.send(message);
        });
      const stop = () =>
        new Promise((done) => {
          if (child.exitCode !== null) return done();
          child.once('exit', () => done());
          child.disconnect();
          setTimeout(() => child.kill('SIGKILL'), 2_000).unref();
        });
      resolve({ ready, request, stop, pid: child.pid });
    });
  });
