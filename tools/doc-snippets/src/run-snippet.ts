import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import ts from 'typescript';
import type { Snippet } from './snippets.js';
import { snippetFileName, snippetSource } from './snippet-files.js';

export interface SnippetRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a snippet as a Node ES module, transpiled to JavaScript and written under `dir` (inside
 * `node_modules/.cache`, so its imports resolve as the package's own). Waits for it to exit (2
 * minutes at most: a hung snippet, not a speed bound).
 */
export const runSnippet = (snippet: Snippet, dir: string, env: NodeJS.ProcessEnv): Promise<SnippetRun> => {
  const file = snippetFileName(dir, snippet, 'mjs');
  const { outputText } = ts.transpileModule(snippetSource(snippet), {
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      experimentalDecorators: true,
    },
    fileName: snippetFileName(dir, snippet),
  });
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, outputText);
  return new Promise((resolve) => {
    execFile(process.execPath, [file], { env, timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, stdout, stderr: error !== null && stderr === '' ? error.message : stderr });
    });
  });
};
