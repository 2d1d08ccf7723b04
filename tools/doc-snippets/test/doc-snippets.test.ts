import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startGrpcReceiver } from '@telemetryflow-internal/test-utils/grpc-receiver';
import type { GrpcReceiver } from '@telemetryflow-internal/test-utils/grpc-receiver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSnippets, collectSnippets, recordedNames, runSnippet } from '../src/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = join(here, '..');
const root = join(packageDir, '../..');
const snippets = collectSnippets(root);
const checked = snippets.filter((s) => s.skip === undefined);
const runnable = checked.filter((s) => s.run);

/** The child's environment: none of this process's TELEMETRYFLOW_ / OTEL_ settings, the receiver's address. */
const snippetEnv = (receiver: GrpcReceiver): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(TELEMETRYFLOW_|OTEL_|VITEST|NODE_OPTIONS$)/.test(key)) env[key] = value;
  }
  return {
    ...env,
    TELEMETRYFLOW_API_KEY_ID: 'tfk_doc_snippets',
    TELEMETRYFLOW_API_KEY_SECRET: 'tfs_doc_snippets',
    TELEMETRYFLOW_SERVICE_NAME: 'doc-snippets',
    TELEMETRYFLOW_ENDPOINT: receiver.address,
    TELEMETRYFLOW_INSECURE: 'true',
  };
};

const text = (value: unknown): unknown =>
  (value as { stringValue?: unknown } | undefined)?.stringValue ?? value;

describe('the code blocks of README.md and docs/', () => {
  it('are found: TypeScript and JavaScript blocks, the quick starts marked to run', () => {
    expect(checked.length).toBeGreaterThan(25);
    expect(runnable.map((s) => s.doc)).toEqual(expect.arrayContaining(['README.md', 'docs/QUICKSTART.md']));
  });

  it('type-check, as one strict program (NodeNext, @types/node), without `using`', () => {
    const problems = checkSnippets(checked, join(packageDir, 'snippets'));

    expect(problems.map((p) => `${p.where}: ${p.message}`)).toEqual([]);
  });
});

describe.each(runnable.map((s) => [`${s.doc}:${s.line}`, s] as const))('%s, run', (_, snippet) => {
  let receiver: GrpcReceiver;
  beforeAll(async () => {
    receiver = await startGrpcReceiver();
  });
  afterAll(() => receiver.close());

  it('exits 0, having delivered every span, log and metric it names to a loopback receiver', async () => {
    const expected = recordedNames(snippet.code);
    const ran = await runSnippet(
      snippet,
      join(packageDir, 'node_modules/.cache/doc-snippets'),
      snippetEnv(receiver),
    );

    expect(ran, ran.stderr).toMatchObject({ code: 0 });
    expect(expected.spans.length + expected.logs.length + expected.metrics.length).toBeGreaterThan(0);
    expect(receiver.spans().map((s) => s.item['name'])).toEqual(expect.arrayContaining([...expected.spans]));
    expect(receiver.logs().map((l) => text(l.item['body']))).toEqual(
      expect.arrayContaining([...expected.logs]),
    );
    expect(receiver.metrics().map((m) => m.item['name'])).toEqual(
      expect.arrayContaining([...expected.metrics]),
    );
  });
});
