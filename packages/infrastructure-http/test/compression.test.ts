import type { Diagnostic } from '@telemetryflow/client';
import { AMPLE_MS, anyValue } from '@telemetryflow-internal/test-utils';
import { describe, expect, it } from 'vitest';
import { builderFor, guardProcess, receiverFor, spanNames, started } from './helpers.js';

guardProcess();

describe('gzip compression', () => {
  it('sends gzip bodies that a standard OTLP receiver gunzips and decodes', async () => {
    const receiver = await receiverFor();
    const client = started(builderFor(receiver).withCompression(true));
    client.span('zipped', () => client.logInfo('zipped log'));
    await client.shutdown(AMPLE_MS);

    expect(receiver.requests.length).toBe(2);
    for (const r of receiver.requests) {
      expect(r.gzip).toBe(true);
      expect(r.headers['content-encoding']).toBe('gzip');
      expect(r.body.subarray(0, 2)).not.toEqual(Buffer.from([0x1f, 0x8b])); // gunzipped by the receiver
    }
    expect(spanNames(receiver)).toEqual(['zipped']);
    expect(receiver.logs().map((l) => anyValue(l.item['body']))).toEqual(['zipped log']);
  });

  it('sends plain bodies when compression is off', async () => {
    const receiver = await receiverFor();
    const client = started(builderFor(receiver).withCompression(false).withTracesOnly());
    client.span('plain', () => undefined);
    await client.shutdown(AMPLE_MS);

    expect(receiver.requests.map((r) => [r.gzip, r.headers['content-encoding']])).toEqual([
      [false, undefined],
    ]);
    expect(spanNames(receiver)).toEqual(['plain']);
  });
});

describe('gzip fallback for the TelemetryFlow collector, which cannot decompress', () => {
  it('resends a refused gzip request uncompressed once, then stays uncompressed, and says so once', async () => {
    const receiver = await receiverFor({ mode: 'telemetryflow' });
    const diagnostics: Diagnostic[] = [];
    const client = started(builderFor(receiver, diagnostics).withCompression(true).withTracesOnly());

    client.span('first', () => undefined);
    await client.flush(AMPLE_MS);
    client.span('second', () => undefined);
    client.span('third', () => undefined);
    await client.shutdown(AMPLE_MS);

    const [refused, resent, ...later] = receiver.requests;
    expect([refused?.gzip, refused?.status]).toEqual([true, 400]);
    expect([resent?.gzip, resent?.status]).toEqual([false, 200]);
    expect(resent?.body).toEqual(refused?.body); // the same request, uncompressed
    expect(later.length).toBeGreaterThan(0);
    expect(later.every((r) => !r.gzip && r.status === 200)).toBe(true);
    expect(spanNames(receiver).sort()).toEqual(['first', 'second', 'third']);

    const fallbacks = diagnostics.filter((d) => d.code === 'TF_HTTP_GZIP_FALLBACK');
    expect(fallbacks.length).toBe(1);
    expect(fallbacks[0]?.message).toMatch(/HTTP 400.*resent uncompressed.*compression stays off/);
    const { traces } = client.getStatus().signals;
    expect({ exported: traces.exported, failed: traces.failed, retries: traces.retries }).toEqual({
      exported: 3,
      failed: 0,
      retries: 0,
    });
  });

  it('also falls back on 415 Unsupported Media Type', async () => {
    const receiver = await receiverFor();
    receiver.respond = (request) => (request.gzip ? { status: 415, body: 'gzip not supported' } : undefined);
    const diagnostics: Diagnostic[] = [];
    const client = started(builderFor(receiver, diagnostics).withCompression(true).withTracesOnly());
    client.span('after-415', () => undefined);
    await client.shutdown(AMPLE_MS);

    expect(receiver.requests.map((r) => [r.gzip, r.status])).toEqual([
      [true, 415],
      [false, 200],
    ]);
    expect(diagnostics.map((d) => d.code)).toEqual(['TF_HTTP_GZIP_FALLBACK']);
  });

  it('does not fall back when the request was not compressed', async () => {
    const receiver = await receiverFor();
    receiver.respond = () => ({ status: 400, body: 'bad request' });
    const diagnostics: Diagnostic[] = [];
    const client = started(builderFor(receiver, diagnostics).withCompression(false).withTracesOnly());
    client.span('bad', () => undefined);
    await client.shutdown(AMPLE_MS);

    expect(receiver.requests.length).toBe(1);
    expect(diagnostics.map((d) => d.code)).toEqual(['TF_EXPORT_FAILED']);
    expect(client.getStatus().signals.traces.lastError).toBe('HTTP 400: bad request');
  });
});
