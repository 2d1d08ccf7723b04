import { AMPLE_MS } from '@telemetryflow-internal/test-utils';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpanKind, TelemetryFlowBuilder } from '@telemetryflow/client';
import { createTransport as grpcTransport } from '@telemetryflow/infrastructure-grpc';
import { createTransport as httpTransport } from '@telemetryflow/infrastructure-http';
import { describe, expect, it } from 'vitest';
import { PLAIN, PortInUseError, byStart, formatTrace, startDevCollector } from '../src/index.js';
import type { DevCollector, SpanView } from '../src/index.js';

const builder = (endpoint: string, keySecret = 'tfs_secret') =>
  new TelemetryFlowBuilder({})
    .withApiKey('tfk_dev', keySecret)
    .withEndpoint(endpoint)
    .withInsecure()
    .withService('collector-test')
    .withRetry(false)
    .withDiagnostics(() => undefined);

const exportOneOfEach = async (collector: DevCollector, via: 'grpc' | 'http', keySecret?: string) => {
  const b = builder(via === 'grpc' ? collector.grpcAddress : collector.httpUrl, keySecret);
  const client = (via === 'grpc' ? b.withExporter(grpcTransport) : b.withHttp().withExporter(httpTransport))
    .build()
    .initialize();
  client.span('parent', SpanKind.SERVER, () => {
    client.span('child', () => client.logWarn('inside'));
  });
  client.incrementCounter('requests', 3);
  await client.shutdown(AMPLE_MS);
  return client.getStatus();
};

describe('startDevCollector', () => {
  it.each(['grpc', 'http'] as const)(
    'receives every signal over %s and keeps it in its store',
    async (via) => {
      const collector = await startDevCollector({ grpcPort: 0, httpPort: 0, webPort: false });
      try {
        await exportOneOfEach(collector, via);
        const [trace] = collector.store.traces();
        expect(trace?.spans.map((s) => s.name)).toEqual(['parent', 'child']);
        expect(
          formatTrace(trace!, PLAIN)
            .slice(1)
            .map((l) => l.trim().split(/\s+/)[0]),
        ).toEqual(['parent', '└─']);
        expect(collector.store.logs.map((l) => [l.severity, l.body, l.spanId])).toEqual([
          ['WARN', 'inside', trace?.spans[1]?.spanId],
        ]);
        expect(collector.store.metrics.find((m) => m.name === 'requests')).toMatchObject({
          type: 'sum',
          value: 3,
        });
      } finally {
        await collector.close();
      }
    },
  );

  it.each(['grpc', 'http'] as const)(
    'refuses exports over %s with another key pair when a key is required',
    async (via) => {
      const refused: string[] = [];
      const collector = await startDevCollector({
        grpcPort: 0,
        httpPort: 0,
        webPort: false,
        requireKey: { keyId: 'tfk_dev', keySecret: 'tfs_right' },
        onRefused: (how) => refused.push(how),
      });
      try {
        const status = await exportOneOfEach(collector, via, 'tfs_wrong');
        expect(collector.store.spans).toHaveLength(0);
        expect(refused.length).toBeGreaterThan(0);
        expect(status.signals.traces.failed).toBe(2);
        expect(status.signals.traces.lastError).toMatch(via === 'grpc' ? /^UNAUTHENTICATED/ : /^HTTP 401/);
        await exportOneOfEach(collector, via, 'tfs_right');
        expect(collector.store.spans).toHaveLength(2);
      } finally {
        await collector.close();
      }
    },
  );

  it('appends every accepted export to a JSON-lines file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tf-dev-collector-')), 'exports.jsonl');
    const collector = await startDevCollector({ grpcPort: 0, httpPort: 0, webPort: false, jsonlFile: file });
    await exportOneOfEach(collector, 'grpc');
    await collector.close();
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { signal: string; via: string });
    expect(new Set(lines.map((l) => l.signal))).toEqual(new Set(['traces', 'logs', 'metrics']));
    expect(lines.every((l) => l.via === 'grpc')).toBe(true);
  });

  it('keeps at most maxItems spans', async () => {
    const collector = await startDevCollector({ grpcPort: 0, httpPort: 0, webPort: false, maxItems: 3 });
    try {
      const client = builder(collector.grpcAddress).withExporter(grpcTransport).build().initialize();
      for (let i = 0; i < 10; i++) client.endSpan(client.startSpan(`s${i}`));
      await client.shutdown(AMPLE_MS);
      expect(collector.store.spans.map((s) => s.name)).toEqual(['s7', 's8', 's9']);
    } finally {
      await collector.close();
    }
  });

  it('fails with a clear message when a port is taken', async () => {
    const first = await startDevCollector({ grpcPort: 0, httpPort: 0, webPort: false });
    try {
      const httpPort = Number(new URL(first.httpUrl).port);
      const error = await startDevCollector({ grpcPort: 0, httpPort, webPort: false }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(PortInUseError);
      expect((error as Error).message).toBe(
        `OTLP/HTTP port 127.0.0.1:${httpPort} is already in use. Stop whatever listens there, or pass --http-port <port>.`,
      );
    } finally {
      await first.close();
    }
  });
});

describe('byStart', () => {
  it('orders spans by start time, a parent before its child when they start together', () => {
    const span = (spanId: string, startMs: number, parentSpanId?: string) =>
      ({ spanId, startMs, parentSpanId }) as unknown as SpanView;
    const [parent, child, later] = [span('p', 10), span('c', 10, 'p'), span('l', 11, 'p')];
    expect([later, child, parent].sort(byStart).map((s) => s.spanId)).toEqual(['p', 'c', 'l']);
  });
});
