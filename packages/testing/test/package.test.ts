import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PROTO_DIR, encodeRequest } from '@telemetryflow-internal/test-utils';
import { describe, expect, it } from 'vitest';
import type * as Exports from '../src/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

type Package = typeof Exports;

/** One span, encoded by the test utilities' own protobuf setup. */
const request = encodeRequest('traces', {
  resourceSpans: [
    { scopeSpans: [{ spans: [{ name: 'built', traceId: Buffer.alloc(16, 1).toString('base64') }] }] },
  ],
});

const protoFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.proto'))
    .sort();

describe('the published package', () => {
  // The builds resolve `proto/` from their own location (tsup shims `import.meta.url` in CJS).
  it.each([
    // Paths built at run time: `typecheck` runs before this package is built.
    ['ESM', () => import(pathToFileURL(join(root, 'dist/index.js')).href) as Promise<Package>],
    ['CJS', () => Promise.resolve(createRequire(import.meta.url)(join(root, 'dist/index.cjs')) as Package)],
  ])('decodes with the vendored protos from its %s build', async (_format, load) => {
    const { InMemoryTransport, TelemetryStore } = await load();
    const store = new TelemetryStore();
    expect(await new InMemoryTransport(store).send('traces', request, { timeoutMs: 1000 })).toEqual({
      status: 'success',
    });
    expect(store.spans.map((s) => [s.name, s.traceId])).toEqual([['built', '01'.repeat(16)]]);
  });

  it('ships the opentelemetry-proto v1.4.0 files the three collector services need, unmodified', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { files: string[] };
    expect(manifest.files).toContain('proto');
    const vendored = protoFiles(join(root, 'proto'));
    expect(vendored).toEqual([
      'opentelemetry/proto/collector/logs/v1/logs_service.proto',
      'opentelemetry/proto/collector/metrics/v1/metrics_service.proto',
      'opentelemetry/proto/collector/trace/v1/trace_service.proto',
      'opentelemetry/proto/common/v1/common.proto',
      'opentelemetry/proto/logs/v1/logs.proto',
      'opentelemetry/proto/metrics/v1/metrics.proto',
      'opentelemetry/proto/resource/v1/resource.proto',
      'opentelemetry/proto/trace/v1/trace.proto',
    ]);
    // Byte for byte the copies the repository's other tests decode with (@elastic/mockotlpserver's).
    for (const file of vendored) {
      expect(readFileSync(join(root, 'proto', file), 'utf8'), file).toBe(
        readFileSync(join(PROTO_DIR, file), 'utf8'),
      );
    }
    const readme = readFileSync(join(root, 'proto/README.md'), 'utf8');
    expect(readme).toContain('v1.4.0');
    expect(readme).toContain('Apache');
    expect(existsSync(join(root, 'LICENSE'))).toBe(true);
  });
});
