import { anyValue, attributes } from '@telemetryflow-internal/test-utils';
import { describe, expect, it } from 'vitest';
import { NotInitializedError } from '../src/index.js';
import type { TelemetryFlowClient } from '../src/index.js';
import { makeClient, warningsDuring } from './helpers.js';
import type { InMemoryTransport } from '@telemetryflow-internal/test-utils';

type Obj = Record<string, unknown>;

/** The log records exported, with body and attributes as plain values. */
const exportedLogs = async (client: TelemetryFlowClient, transport: InMemoryTransport) => {
  await client.shutdown(5_000);
  return transport.logs().map(({ item }) => ({
    ...item,
    body: anyValue(item['body']),
    attrs: attributes(item['attributes']),
  })) as (Obj & { body: unknown; attrs: Obj })[];
};

describe('TelemetryFlowClient.emitLog (log bridges)', () => {
  it("exports the source's severity number and text, time, body and attributes", async () => {
    const { client, transport } = makeClient();
    client.initialize();
    client.emitLog({
      body: 'cache warmed',
      severityNumber: 6,
      severityText: 'verbose',
      timestamp: 1_700_000_000_123.25,
      attributes: { 'cache.entries': 42, component: 'cache' },
    });
    const [record] = await exportedLogs(client, transport);
    expect(record).toMatchObject({
      severityNumber: 'SEVERITY_NUMBER_DEBUG2',
      severityText: 'verbose',
      timeUnixNano: '1700000000123250000',
      body: 'cache warmed',
      attrs: { 'cache.entries': 42, component: 'cache' },
    });
    expect(record?.['traceId']).toBeFalsy();
  });

  it('keeps a time from before the process started (not read as a performance.now() offset)', async () => {
    const { client, transport } = makeClient();
    client.initialize();
    const early = Math.floor(performance.timeOrigin) - 250;
    client.emitLog({ body: 'early', timestamp: early });
    const [record] = await exportedLogs(client, transport);
    expect(record?.['timeUnixNano']).toBe(`${early}000000`);
  });

  it('defaults: INFO, the time now, the OTLP short name as text', async () => {
    const { client, transport } = makeClient();
    client.initialize();
    const before = Date.now();
    client.emitLog({ body: 'plain', severityNumber: 99, timestamp: Number.NaN, severityText: '' });
    const [record] = await exportedLogs(client, transport);
    expect(record).toMatchObject({ severityNumber: 'SEVERITY_NUMBER_INFO', severityText: 'INFO' });
    expect(Number(BigInt(record?.['timeUnixNano'] as string) / 1_000_000n)).toBeGreaterThanOrEqual(before);
  });

  it('correlates with the active span, or with the context captured at the log call', async () => {
    const { client, transport } = makeClient();
    client.initialize();
    let inside = '';
    let captured: ReturnType<TelemetryFlowClient['captureLogContext']> | undefined;
    await client.span('checkout', async (spanId) => {
      inside = spanId;
      client.emitLog({ body: 'in span' });
      captured = client.captureLogContext();
      await new Promise((resolve) => setImmediate(resolve));
    });
    client.emitLog({ body: 'later, for the call in the span', context: captured });
    client.emitLog({ body: 'outside' });
    const records = await exportedLogs(client, transport);
    const byBody = (body: string) => records.find((r) => r.body === body);
    const span = transport.spans()[0]?.item;
    expect(byBody('in span')).toMatchObject({ spanId: inside, traceId: span?.['traceId'] });
    expect(byBody('later, for the call in the span')).toMatchObject({ spanId: inside });
    expect(byBody('outside')?.['spanId']).toBeFalsy();
  });

  it('does not send what a diagnostics handler logs back (no loop), and counts nothing for it', async () => {
    const seen: string[] = [];
    const app: { client?: TelemetryFlowClient } = {};
    const made = makeClient(
      {},
      {
        onDiagnostic: (d) => {
          seen.push(d.code);
          app.client?.emitLog({ body: `telemetry: ${d.message}`, severityNumber: 13 });
        },
      },
    );
    const { client } = made;
    app.client = client;
    client.initialize();
    client.incrementCounter('Redis Health Check'); // an invalid name: a TF_INVALID_INPUT diagnostic
    client.emitLog({ body: 'app log' });
    const records = await exportedLogs(client, made.transport);
    expect(seen).toEqual(['TF_INVALID_INPUT']);
    expect(records.map((r) => r.body)).toEqual(['app log']);
    expect(client.getStatus().signals.logs).toMatchObject({ recorded: 1, invalid: 0 });
  });

  it("does not send what a listener of the SDK's process warnings logs back", async () => {
    const { client, transport } = makeClient({}, { onDiagnostic: undefined });
    client.initialize();
    const onWarning = (warning: Error) => client.emitLog({ body: warning.message });
    process.on('warning', onWarning);
    let warnings;
    try {
      warnings = await warningsDuring(async () => {
        client.incrementCounter('Bad Name');
      });
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.map((w) => w.code)).toEqual(['TF_INVALID_INPUT']);
    client.emitLog({ body: 'app log' });
    expect((await exportedLogs(client, transport)).map((r) => r.body)).toEqual(['app log']);
  });

  it('never throws after initialize: unusable records are dropped and counted', async () => {
    const { client, transport } = makeClient();
    client.initialize();
    const throwing = new Proxy(
      {},
      {
        get() {
          throw new Error('unreadable');
        },
      },
    );
    for (const junk of [null, 'text', 7, {}, { body: '' }, throwing, { body: 'ok', context: {} }]) {
      expect(() => client.emitLog(junk as never)).not.toThrow();
    }
    expect(client.getStatus().signals.logs).toMatchObject({ recorded: 1, invalid: 6 });
    expect((await exportedLogs(client, transport)).map((r) => r.body)).toEqual(['ok']);
  });

  it('throws NotInitializedError before initialize, as log() does; after shutdown counts it as dropped', async () => {
    const { client } = makeClient();
    expect(() => client.emitLog({ body: 'early' })).toThrow(NotInitializedError);
    expect(client.captureLogContext()).toBeDefined();
    client.initialize();
    await client.shutdown(5_000);
    client.emitLog({ body: 'late' });
    expect(client.getStatus().signals.logs).toMatchObject({ recorded: 1, dropped: 1 });
  });

  it('does nothing with the logs signal off', async () => {
    const { client, transport } = makeClient({ enableLogs: false });
    client.initialize();
    client.emitLog({ body: 'nobody hears this' });
    expect(await exportedLogs(client, transport)).toEqual([]);
    expect(client.getStatus().signals.logs.recorded).toBe(0);
  });
});
