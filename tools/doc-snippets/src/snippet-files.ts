import { join } from 'node:path';
import type { Snippet } from './snippets.js';

/** Where a snippet's generated source lives (virtual when type-checked, written when run). */
export const snippetFileName = (dir: string, snippet: Snippet, extension?: string): string =>
  join(
    dir,
    `${snippet.doc.replace(/\.md$/, '').replace(/[^A-Za-z0-9]+/g, '-')}-${snippet.line}.${extension ?? snippet.language}`,
  );

/** The source checked or run for a snippet: its hidden context, the block, and `export {}` (a module). */
export const snippetSource = (snippet: Snippet): string =>
  `${snippet.context === '' ? '' : `${snippet.context}\n`}${snippet.code}\nexport {};\n`;

/** Lines the hidden context puts before the block's first line. */
export const contextLines = (snippet: Snippet): number =>
  snippet.context === '' ? 0 : snippet.context.split('\n').length;
