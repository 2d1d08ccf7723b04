import { describe, expect, it } from 'vitest';
import { maxQueueSizeFor } from '../src/index.js';
import { SECRET, makeClient, never } from './helpers.js';

describe('TelemetryFlowClient with bad data', () => {
  it('drops and counts invalid input after initialize, never throwing, and still exports the valid data', async () => {
    const { client, transport } = makeClient();
    client.initialize();
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(() => {
      client.incrementCounter('', 1);
      client.incrementCounter('neg', -1);
      client.recordGauge('g', Number.NaN);
      client.recordHistogram('h', Number.POSITIVE_INFINITY);
      client.recordMetric('bad name', 1);
      client.log('');
      client.startSpan('');
      client.endSpan('ffffffffffffffff');
      client.addSpanEvent('ffffffffffffffff', 'e');
      client.incrementCounter('ok', 1, { nested: cyclic, big: 2n, gone: undefined } as never);
      client.log('fine', 'not-a-severity' as never, { fn: () => 1 } as never);
      client.endSpan(client.startSpan('kind-coerced', 'sideways' as never));
    }).not.toThrow();
    await client.shutdown(5_000);
    const status = client.getStatus();
    expect(status.signals.metrics).toMatchObject({ recorded: 1, invalid: 5 });
    expect(status.signals.logs).toMatchObject({ recorded: 1, invalid: 1 });
    expect(status.signals.traces).toMatchObject({ recorded: 1, invalid: 3 });
    expect(status.droppedAttributes).toBe(2);
    expect(transport.metrics().map((m) => m.item['name'])).toEqual(['ok']);
    expect(transport.logs().map((l) => l.item['severityText'])).toEqual(['INFO']);
    expect(transport.spans().map((s) => [s.item['name'], s.item['kind']])).toEqual([
      ['kind-coerced', 'SPAN_KIND_INTERNAL'],
    ]);
  });

  it('ends a span even when its error object throws when read', async () => {
    const { client, transport } = makeClient({ enableMetrics: false, enableLogs: false });
    client.initialize();
    const unreadable = new Proxy(
      {},
      {
        getPrototypeOf: () => {
          throw new Error('no');
        },
      },
    );
    const id = client.startSpan('fails');
    expect(() => client.endSpan(id, unreadable)).not.toThrow();
    await client.shutdown(5_000);
    expect(
      transport.spans().map((s) => [s.item['name'], (s.item['status'] as { code: string }).code]),
    ).toEqual([['fails', 'STATUS_CODE_ERROR']]);
    expect(client.getStatus().signals.traces).toMatchObject({ recorded: 1, exported: 1, invalid: 0 });
  });

  it('counts spans still open at shutdown as dropped, so every recorded span is accounted for', async () => {
    const { client } = makeClient({ enableMetrics: false });
    client.initialize();
    client.startSpan('never ended');
    client.endSpan(client.startSpan('ended'));
    await client.shutdown(5_000);
    expect(client.getStatus().signals.traces).toMatchObject({
      recorded: 2,
      exported: 1,
      dropped: 1,
      queued: 0,
    });
  });

  it('refuses a metric name already used by another kind of instrument', async () => {
    const { client } = makeClient();
    client.initialize();
    client.incrementCounter('jobs');
    client.recordGauge('jobs', 3);
    expect(client.getStatus().signals.metrics).toMatchObject({ recorded: 1, invalid: 1 });
    expect(client.getStatus().lastInvalidReason).toBe(
      "gauge 'jobs': the name is already used by another kind of instrument",
    );
    await client.shutdown(1_000);
  });
});

describe('TelemetryFlowClient export outcomes', () => {
  it('retries retryable outcomes up to maxRetries, honouring the server delay, then succeeds', async () => {
    const { client, transport } = makeClient({ maxRetries: 3 });
    let calls = 0;
    transport.respond = () =>
      ++calls <= 2 ? { status: 'retryable', reason: 'UNAVAILABLE', retryAfterMs: 10 } : { status: 'success' };
    client.initialize();
    client.logInfo('eventually');
    await client.flush(5_000);
    expect(calls).toBe(3);
    expect(client.getStatus().signals.logs).toMatchObject({
      exported: 1,
      failed: 0,
      retries: 2,
      queued: 0,
      lastOutcome: 'success',
    });
    await client.shutdown(1_000);
  });

  it('gives up after maxRetries and counts the items as failed, reporting once', async () => {
    const { client, transport, diagnostics } = makeClient({ maxRetries: 2, enableMetrics: false });
    transport.respond = () => ({ status: 'retryable', reason: 'UNAVAILABLE: connection refused' });
    client.initialize();
    client.logInfo('a');
    client.logInfo('b');
    await client.flush(5_000);
    expect(transport.attempts).toHaveLength(3);
    expect(client.getStatus().signals.logs).toMatchObject({
      exported: 0,
      failed: 2,
      retries: 2,
      lastOutcome: 'failed',
      lastError: 'UNAVAILABLE: connection refused (gave up after 2 retries)',
    });
    expect(diagnostics.map((d) => d.code)).toEqual(['TF_EXPORT_RETRYING', 'TF_EXPORT_FAILED']);
    expect(diagnostics[1]?.message).toBe(
      'logs export failed, 2 items lost: UNAVAILABLE: connection refused (gave up after 2 retries)',
    );
    expect(JSON.stringify(diagnostics)).not.toContain(SECRET);
    expect(client.getHealth().components['logs']?.status).toBe('unhealthy');
    await client.shutdown(1_000);
  });

  it('does not retry a failed outcome, nor anything when retry is disabled', async () => {
    const failed = makeClient();
    failed.transport.respond = () => ({ status: 'failed', reason: 'PERMISSION_DENIED' });
    failed.client.initialize();
    failed.client.logInfo('x');
    await failed.client.flush(5_000);
    expect(failed.transport.attempts).toHaveLength(1);
    expect(failed.client.getStatus().signals.logs).toMatchObject({ failed: 1, retries: 0 });
    await failed.client.shutdown(1_000);

    const noRetry = makeClient({ retryEnabled: false });
    noRetry.transport.respond = () => ({ status: 'retryable', reason: 'UNAVAILABLE' });
    noRetry.client.initialize();
    noRetry.client.logInfo('x');
    await noRetry.client.flush(5_000);
    expect(noRetry.transport.attempts).toHaveLength(1);
    expect(noRetry.client.getStatus().signals.logs).toMatchObject({
      failed: 1,
      retries: 0,
      lastError: 'UNAVAILABLE',
    });
    await noRetry.client.shutdown(1_000);
  });

  it('counts partial-success rejections', async () => {
    const { client, transport } = makeClient({ enableMetrics: false });
    transport.respond = () => ({ status: 'success', rejectedItems: 2, message: 'bad spans' });
    client.initialize();
    for (let i = 0; i < 5; i++) client.endSpan(client.startSpan(`s${i}`));
    await client.shutdown(5_000);
    expect(client.getStatus().signals.traces).toMatchObject({ exported: 3, rejected: 2, failed: 0 });
  });

  it('sends full batches of batchMaxSize', async () => {
    const { client, transport } = makeClient({
      batchMaxSize: 10,
      batchTimeoutMs: 60_000,
      enableMetrics: false,
    });
    client.initialize();
    for (let i = 0; i < 25; i++) client.endSpan(client.startSpan(`s${i}`));
    await client.shutdown(5_000);
    expect(
      transport
        .requests('traces')
        .map(
          (r) =>
            (r['resourceSpans'] as { scopeSpans: { spans: unknown[] }[] }[])[0]?.scopeSpans[0]?.spans.length,
        ),
    ).toEqual([10, 10, 5]);
  });

  it('shutdown resolves by its deadline when the collector never answers, counting what is lost as dropped', async () => {
    const { client, transport } = makeClient({ timeoutMs: 60_000, enableMetrics: false });
    transport.respond = never;
    client.initialize();
    client.logInfo('stuck');
    for (let i = 0; i < 3; i++) client.endSpan(client.startSpan(`s${i}`));
    await client.shutdown(200);
    expect(client.getStatus().signals.logs).toMatchObject({ exported: 0, dropped: 1, queued: 0 });
    expect(client.getStatus().signals.traces).toMatchObject({ exported: 0, dropped: 3, queued: 0 });
    expect(transport.shutdownCalls).toBe(1);
  });

  it('flush resolves by its deadline and keeps what is still pending queued', async () => {
    const { client, transport } = makeClient({ timeoutMs: 60_000, enableMetrics: false });
    transport.respond = never;
    client.initialize();
    client.logInfo('pending');
    await client.flush(100);
    expect(client.getStatus().signals.logs).toMatchObject({ queued: 1, dropped: 0 });
    await client.shutdown(100);
    expect(client.getStatus().signals.logs).toMatchObject({ queued: 0, dropped: 1 });
  });

  it('bounds the queue by encoded bytes and counts every dropped item exactly', async () => {
    const maxQueueBytes = 32 * 1024;
    const { client, transport, diagnostics } = makeClient({
      batchMaxSize: 10,
      maxQueueBytes,
      enableMetrics: false,
    });
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    transport.respond = async () => {
      await held;
      return { status: 'success' };
    };
    client.initialize();
    await client.flush(5_000); // the resource is complete: batches can be encoded
    const total = 5_000;
    for (let i = 0; i < total; i++) client.logInfo(`m${i}`);
    await client.flush(50); // encodes what is still held live; returns at its deadline
    const logs = client.getStatus().signals.logs;
    expect(logs.queued + logs.dropped).toBe(total);
    expect(logs.dropped).toBeGreaterThan(total / 2);
    expect(diagnostics.filter((d) => d.code === 'TF_EXPORT_QUEUE_FULL')).toHaveLength(1);
    // The queue is full: what it holds is shown, within the bound.
    expect(logs.queuedBytes).toBeGreaterThan(maxQueueBytes / 2);
    expect(logs.queuedBytes).toBeLessThanOrEqual(maxQueueBytes);

    release();
    await client.flush(30_000);
    const after = client.getStatus().signals.logs;
    expect(after).toMatchObject({ queued: 0, queuedBytes: 0, exported: logs.queued, dropped: logs.dropped });
    // Everything sent was held at once: exactly the bytes the status showed, within the bound.
    const sent = transport.attempts.filter((a) => a.signal === 'logs').reduce((n, a) => n + a.bytes, 0);
    expect(sent).toBe(logs.queuedBytes);
    expect(sent).toBeLessThanOrEqual(maxQueueBytes);
    expect(transport.logs()).toHaveLength(logs.queued);
    await client.shutdown(100);
  });

  it('delivers a burst whose encoded bytes fit in maxQueueBytes even when the estimate of live items would not fill a batch', async () => {
    // ~200 KiB holds fewer than 512 live items at the pre-encoding estimate (≥ 512 B each), but 1 000
    // encoded log records (~100 B each): they are encoded early, not dropped.
    const { client, transport } = makeClient({ maxQueueBytes: 200 * 1024, enableMetrics: false });
    client.initialize();
    await client.flush(5_000); // the resource is complete: batches can be encoded
    for (let i = 0; i < 1_000; i++) client.logInfo(`m${i}`);
    await client.flush(30_000);
    expect(client.getStatus().signals.logs).toMatchObject({ exported: 1_000, dropped: 0, queued: 0 });
    expect(transport.logs()).toHaveLength(1_000);
    await client.shutdown(100);
  });

  it("encodes full batches on the caller's stack rather than drop when it records past maxQueueSize without yielding", async () => {
    const { client, transport } = makeClient({ batchMaxSize: 10, enableMetrics: false });
    client.initialize();
    await client.flush(5_000);
    const total = maxQueueSizeFor(10) * 3;
    for (let i = 0; i < total; i++) client.logInfo(`m${i}`);
    expect(transport.attempts).toHaveLength(0); // nothing is sent on the caller's stack
    await client.flush(30_000);
    expect(client.getStatus().signals.logs).toMatchObject({ exported: total, dropped: 0, queued: 0 });
    expect(transport.logs()).toHaveLength(total);
    await client.shutdown(100);
  });

  it('keeps what is recorded before the resource is known, past maxQueueSize, and delivers it', async () => {
    const { client, transport } = makeClient({ batchMaxSize: 10, enableMetrics: false });
    client.initialize();
    // A script's loop right after initialize(): the detectors answer only after it, so nothing
    // can be encoded yet; the items wait live, bounded by maxQueueBytes (estimated), not dropped.
    const total = maxQueueSizeFor(10) * 3;
    for (let i = 0; i < total; i++) client.logInfo(`m${i}`);
    expect(client.getStatus().signals.logs).toMatchObject({ queued: total, dropped: 0 });
    await client.flush(30_000);
    expect(client.getStatus().signals.logs).toMatchObject({ exported: total, dropped: 0, queued: 0 });
    expect(transport.logs()).toHaveLength(total);
    await client.shutdown(100);
  });

  it('before the resource is known, holds live items within maxQueueBytes (estimated) and counts the rest dropped', async () => {
    const maxQueueBytes = 64 * 1024;
    const { client, transport } = makeClient({ batchMaxSize: 10, maxQueueBytes, enableMetrics: false });
    client.initialize();
    const total = 5_000;
    for (let i = 0; i < total; i++) client.logInfo(`m${i}`); // the detectors answer only after this loop
    const logs = client.getStatus().signals.logs;
    expect(logs.queued + logs.dropped).toBe(total);
    // Each live item is estimated at 512 B or more: the byte bound holds at most this many.
    expect(logs.queued).toBeGreaterThan(0);
    expect(logs.queued).toBeLessThanOrEqual(maxQueueBytes / 512);
    await client.flush(30_000);
    expect(client.getStatus().signals.logs).toMatchObject({
      exported: logs.queued,
      dropped: logs.dropped,
      queued: 0,
    });
    expect(transport.logs()).toHaveLength(logs.queued);
    await client.shutdown(100);
  });

  it('a transport that throws is treated as retryable, never as a crash', async () => {
    const { client, transport } = makeClient({ maxRetries: 1 });
    transport.respond = () => {
      throw new Error('socket hang up');
    };
    client.initialize();
    client.logInfo('x');
    await client.flush(5_000);
    expect(client.getStatus().signals.logs).toMatchObject({
      failed: 1,
      retries: 1,
      lastError: 'transport error: Error: socket hang up (gave up after 1 retries)',
    });
    await client.shutdown(1_000);
  });
});
