export { checkSnippets, SNIPPET_COMPILER_OPTIONS } from './check-snippets.js';
export type { SnippetProblem } from './check-snippets.js';
export { recordedNames } from './recorded-names.js';
export type { RecordedNames } from './recorded-names.js';
export { runSnippet } from './run-snippet.js';
export type { SnippetRun } from './run-snippet.js';
export { collectSnippets, documentsIn, snippetsOf } from './snippets.js';
export type { Snippet, SnippetLanguage } from './snippets.js';
