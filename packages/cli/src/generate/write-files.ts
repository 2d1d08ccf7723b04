import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { PlannedFile } from './plan-init.js';

/** The planned files that already exist under `dir` (paths relative to it). */
export const existingFiles = (dir: string, files: readonly PlannedFile[]): string[] =>
  files.filter((file) => existsSync(join(dir, file.path))).map((file) => file.path);

/** Writes `files` under `dir`, creating directories as needed. */
export const writeFiles = (dir: string, files: readonly PlannedFile[]): void => {
  for (const file of files) {
    const path = join(dir, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.content);
  }
};
