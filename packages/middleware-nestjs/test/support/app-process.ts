import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { InMemoryTransport } from '@telemetryflow-internal/test-utils';
import type { SignalType } from '@telemetryflow/client';

const run = promisify(execFile);

export interface AppRun {
  /** The file of @telemetryflow/middleware-nestjs the app loaded. */
  readonly entry: string;
  /** The version of @nestjs/core the app loaded. */
  readonly nest: string;
  /** The statuses of the app's requests to itself. */
  readonly statuses: number[];
  /** What the app's client exported, decoded. */
  readonly transport: InMemoryTransport;
  readonly stderr: string;
}

type Line =
  | { readonly entry: string; readonly nest: string }
  | { readonly statuses: number[] }
  | { readonly export: { readonly signal: SignalType; readonly body: string } };

/**
 * Runs a fixture app (test/fixtures/esm-app.mjs or cjs-app.cjs) on `platform` in a fresh Node
 * process, until it exits, and reads what it printed (see fixtures/orders-app.cjs).
 */
export const runApp = async (file: string, platform: string): Promise<AppRun> => {
  const { stdout, stderr } = await run(process.execPath, [file, platform], { maxBuffer: 16 * 1024 * 1024 });
  const transport = new InMemoryTransport();
  let entry = '';
  let nest = '';
  let statuses: number[] = [];
  for (const text of stdout.split('\n').filter((l) => l !== '')) {
    const line = JSON.parse(text) as Line;
    if ('entry' in line) ({ entry, nest } = line);
    else if ('statuses' in line) statuses = line.statuses;
    else await transport.send(line.export.signal, Buffer.from(line.export.body, 'base64'), { timeoutMs: 0 });
  }
  return { entry, nest, statuses, transport, stderr };
};
