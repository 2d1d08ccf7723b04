import ts from 'typescript';

/** The names a snippet records through the client, which a receiver must then get. */
export interface RecordedNames {
  readonly spans: readonly string[];
  readonly logs: readonly string[];
  readonly metrics: readonly string[];
}

const KINDS: Readonly<Record<string, keyof RecordedNames>> = {
  span: 'spans',
  startSpan: 'spans',
  logTrace: 'logs',
  logDebug: 'logs',
  logInfo: 'logs',
  logWarn: 'logs',
  logError: 'logs',
  logFatal: 'logs',
  incrementCounter: 'metrics',
  recordGauge: 'metrics',
  recordHistogram: 'metrics',
};

/**
 * Span names, log bodies and metric names passed as string literals to `client.span()`,
 * `client.logInfo()`, `client.incrementCounter()` and their siblings, read from the syntax tree.
 */
export const recordedNames = (code: string): RecordedNames => {
  const found: Record<keyof RecordedNames, string[]> = { spans: [], logs: [], metrics: [] };
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const kind = KINDS[node.expression.name.text];
      const [first] = node.arguments;
      if (kind !== undefined && first !== undefined && ts.isStringLiteralLike(first)) {
        found[kind].push(first.text);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile('snippet.ts', code, ts.ScriptTarget.ES2022, true));
  return found;
};
