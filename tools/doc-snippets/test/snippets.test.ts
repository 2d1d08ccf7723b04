import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkSnippets, recordedNames, snippetsOf } from '../src/index.js';

const dir = join(fileURLToPath(new URL('..', import.meta.url)), 'snippets');
const fence = '```';

describe('snippetsOf', () => {
  it('takes ts and js blocks with their first code line, and skips sh, json and text', () => {
    const doc = `# T\n\n${fence}sh\nls\n${fence}\n\n${fence}ts\nconst a = 1;\n${fence}\n\n${fence}json\n{}\n${fence}\n\n- item\n\n  ${fence}js\n  const b = 2;\n  ${fence}\n`;

    expect(snippetsOf(doc, 'docs/T.md').map((s) => [s.language, s.line, s.code])).toEqual([
      ['ts', 8, 'const a = 1;\n'],
      ['js', 18, 'const b = 2;\n'],
    ]);
  });

  it('reads the run, skip and context directives in the comments right before a block', () => {
    const doc = `<!-- snippet: run -->\n<!-- snippet: context\ndeclare const x: number;\n-->\n\n${fence}ts\nx;\n${fence}\n\n<!-- snippet: skip pseudo-code -->\n${fence}ts\n…\n${fence}\n`;

    expect(snippetsOf(doc, 'd.md')).toMatchObject([
      { run: true, context: 'declare const x: number;' },
      { run: false, context: '', skip: 'pseudo-code' },
    ]);
  });

  it('throws on an unknown directive or a skip without its reason, naming the place', () => {
    expect(() => snippetsOf(`<!-- snippet: runn -->\n${fence}ts\n1;\n${fence}\n`, 'd.md')).toThrow(/d\.md:3/);
    expect(() => snippetsOf(`<!-- snippet: skip -->\n${fence}ts\n1;\n${fence}\n`, 'd.md')).toThrow(/unknown/);
  });
});

describe('checkSnippets', () => {
  it('reports a type error at its line in the document, after hidden context lines', () => {
    const doc = `<!-- snippet: context\nimport { client } from '#context';\n-->\n${fence}ts\nclient.logInfo('ok');\nchargeCard();\n${fence}\n`;

    expect(checkSnippets(snippetsOf(doc, 'docs/X.md'), dir)).toEqual([
      { where: 'docs/X.md:6', message: "TS2304: Cannot find name 'chargeCard'." },
    ]);
  });

  it('reports `await using`, a SyntaxError on Node 20', () => {
    const doc = `${fence}ts\nimport { TelemetryFlowBuilder } from '@telemetryflow/client';\nawait using client = new TelemetryFlowBuilder().build();\n${fence}\n`;

    expect(checkSnippets(snippetsOf(doc, 'docs/Y.md'), dir)).toEqual([
      expect.objectContaining({
        where: 'docs/Y.md:3',
        message: expect.stringMatching(/SyntaxError on Node 20/) as unknown,
      }),
    ]);
  });
});

describe('recordedNames', () => {
  it('reads span names, log bodies and metric names given as literals', () => {
    const code = `await client.span('a', async () => { client.logWarn('w'); client.recordGauge('g', 1); });\nclient.span(name);`;

    expect(recordedNames(code)).toEqual({ spans: ['a'], logs: ['w'], metrics: ['g'] });
  });
});
