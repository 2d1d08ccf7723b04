import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import MarkdownIt from 'markdown-it';

/** How a block is checked: TypeScript, or JavaScript under `checkJs`. */
export type SnippetLanguage = 'ts' | 'js';

/** One TypeScript or JavaScript code block of a document. */
export interface Snippet {
  /** The document, relative to the repository root (`docs/QUICKSTART.md`). */
  readonly doc: string;
  /** 1-based line of the block's first code line in the document. */
  readonly line: number;
  readonly language: SnippetLanguage;
  readonly code: string;
  /** Hidden code put before the block (`<!-- snippet: context … -->`), or ''. */
  readonly context: string;
  /** `<!-- snippet: run -->`: also run against a loopback receiver. */
  readonly run: boolean;
  /** `<!-- snippet: skip <why> -->`: the reason it is not checked. */
  readonly skip?: string;
}

const LANGUAGES: Readonly<Record<string, SnippetLanguage>> = {
  ts: 'ts',
  typescript: 'ts',
  js: 'js',
  javascript: 'js',
  mjs: 'js',
};

const DIRECTIVE = /^<!--\s*snippet:\s*(\w+)([\s\S]*?)-->\s*$/;

interface Directives {
  context: string;
  run: boolean;
  skip?: string;
}

/**
 * Reads the `<!-- snippet: … -->` comments right before a block (see docs/CONTRIBUTING.md).
 * @throws {Error} on an unknown directive or a `skip` without its reason, naming the place
 */
const directivesOf = (comments: readonly string[], where: string): Directives => {
  const found: Directives = { context: '', run: false };
  for (const comment of comments) {
    const match = DIRECTIVE.exec(comment.trim());
    if (match === null) continue;
    const [, name, rest = ''] = match;
    if (name === 'run' && rest.trim() === '') found.run = true;
    else if (name === 'context') found.context = rest.trim();
    else if (name === 'skip' && rest.trim() !== '') found.skip = rest.trim();
    else throw new Error(`${where}: unknown snippet directive ${JSON.stringify(comment.trim())}`);
  }
  return found;
};

const markdown = new MarkdownIt({ html: true });

/** The TypeScript and JavaScript blocks of one Markdown text; other languages are skipped. */
export const snippetsOf = (text: string, doc: string): Snippet[] => {
  const tokens = markdown.parse(text, {});
  const snippets: Snippet[] = [];
  tokens.forEach((token, index) => {
    if (token.type !== 'fence' || token.map === null) return;
    const language = LANGUAGES[token.info.trim().split(/\s+/)[0] ?? ''];
    if (language === undefined) return;
    const comments: string[] = [];
    for (let i = index - 1; i >= 0 && tokens[i]?.type === 'html_block'; i--) {
      comments.unshift(tokens[i]?.content ?? '');
    }
    const line = token.map[0] + 2;
    snippets.push({ doc, line, language, code: token.content, ...directivesOf(comments, `${doc}:${line}`) });
  });
  return snippets;
};

/** README.md and every `docs/**\/*.md`, relative to `root`, in a stable order. */
export const documentsIn = (root: string): string[] => [
  'README.md',
  ...readdirSync(join(root, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.md'))
    .map((name) => relative(root, join(root, 'docs', name)))
    .sort(),
];

/** Every snippet of README.md and docs/ under `root`. */
export const collectSnippets = (root: string): Snippet[] =>
  documentsIn(root).flatMap((doc) => snippetsOf(readFileSync(join(root, doc), 'utf8'), doc));
