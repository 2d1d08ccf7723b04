import ts from 'typescript';
import type { Snippet } from './snippets.js';
import { contextLines, snippetFileName, snippetSource } from './snippet-files.js';

/** A type error or a forbidden construct, at its line in the document. */
export interface SnippetProblem {
  /** `docs/QUICKSTART.md:33`, or `docs/QUICKSTART.md:31 (context)` for the hidden context. */
  readonly where: string;
  readonly message: string;
}

/**
 * What a reader's project would have: strict, ES modules under NodeNext, Node's types, decorators
 * as NestJS apps set them. Libraries' own declarations are the consumer tests' job (skipLibCheck).
 */
export const SNIPPET_COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  types: ['node'],
  strict: true,
  esModuleInterop: true,
  experimentalDecorators: true,
  allowJs: true,
  checkJs: true,
  skipLibCheck: true,
  noEmit: true,
};

const whereIn = (snippet: Snippet, line: number): string => {
  const hidden = contextLines(snippet);
  return line < hidden
    ? `${snippet.doc}:${snippet.line} (context)`
    : `${snippet.doc}:${snippet.line + line - hidden}`;
};

/** `using` and `await using` are a SyntaxError on Node 20, the packages' minimum. */
const usingDeclarations = (file: ts.SourceFile): ts.Node[] => {
  const found: ts.Node[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclarationList(node) && (node.flags & ts.NodeFlags.Using) !== 0) found.push(node);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
};

/**
 * Type-checks every snippet in one program (each block is its own module, resolved from `dir`, a
 * package with the workspace packages and the frameworks as dependencies).
 * @returns the problems, empty when every snippet checks
 */
export const checkSnippets = (snippets: readonly Snippet[], dir: string): SnippetProblem[] => {
  const files = new Map(snippets.map((s) => [snippetFileName(dir, s), s]));
  const base = ts.createCompilerHost(SNIPPET_COMPILER_OPTIONS);
  const host: ts.CompilerHost = {
    ...base,
    getCurrentDirectory: () => dir,
    fileExists: (name) => files.has(name) || base.fileExists(name),
    readFile: (name) => {
      const snippet = files.get(name);
      return snippet === undefined ? base.readFile(name) : snippetSource(snippet);
    },
    getSourceFile: (name, language, ...rest) => {
      const snippet = files.get(name);
      return snippet === undefined
        ? base.getSourceFile(name, language, ...rest)
        : ts.createSourceFile(name, snippetSource(snippet), language, true);
    },
  };
  const program = ts.createProgram([...files.keys()], SNIPPET_COMPILER_OPTIONS, host);
  const problems: SnippetProblem[] = [];
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const snippet = diagnostic.file && files.get(diagnostic.file.fileName);
    const message = `TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
    if (snippet === undefined || diagnostic.file === undefined || diagnostic.start === undefined) {
      problems.push({ where: diagnostic.file?.fileName ?? '(options)', message });
      continue;
    }
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    problems.push({ where: whereIn(snippet, line), message });
  }
  for (const [name, snippet] of files) {
    const file = program.getSourceFile(name);
    for (const node of file === undefined ? [] : usingDeclarations(file)) {
      const { line } = file!.getLineAndCharacterOfPosition(node.getStart());
      problems.push({
        where: whereIn(snippet, line),
        message: '`using` / `await using` is a SyntaxError on Node 20 (our minimum): use try/finally',
      });
    }
  }
  return problems;
};
