import { randomBytes } from 'node:crypto';
import { attributes } from '@telemetryflow-internal/test-utils';
import { startLoopbackClient } from '@telemetryflow-internal/test-utils/http-receiver';
import type { RunningLoopbackClient } from '@telemetryflow-internal/test-utils/http-receiver';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_OPEN_SPANS, SpanKind, TelemetryFlowClient } from '../src/index.js';
import type { SignalStatus, TelemetryConfigOptions } from '../src/index.js';

type Obj = Record<string, unknown>;

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_ID = '00f067aa0ba902b7';

let open: RunningLoopbackClient<TelemetryFlowClient>[] = [];

const start = async (
  overrides: Partial<TelemetryConfigOptions>,
): Promise<RunningLoopbackClient<TelemetryFlowClient>> => {
  const loopback = await startLoopbackClient(TelemetryFlowClient, { enableMetrics: false, ...overrides });
  open.push(loopback);
  return loopback;
};

afterEach(async () => {
  await Promise.all(open.map((l) => l.close()));
  open = [];
});

const spansOf = (loopback: RunningLoopbackClient<TelemetryFlowClient>): Obj[] =>
  loopback.receiver.spans().map((s) => s.item);

const traces = (loopback: RunningLoopbackClient<TelemetryFlowClient>): SignalStatus =>
  loopback.client.getStatus().signals.traces;

/** Every span started is in exactly one place: exported, rejected, failed, dropped, queued, not sampled. */
const unaccounted = (s: SignalStatus): number =>
  s.recorded - (s.exported + s.rejected + s.failed + s.dropped + s.queued + s.notSampled);

describe('head sampling', () => {
  it('traceidratio 0.25 exports a quarter of 4,000 root spans and counts the rest as notSampled', async () => {
    const loopback = await start({ sampler: { type: 'traceidratio', ratio: 0.25 } });
    const { client } = loopback;
    const total = 4_000;
    for (let i = 0; i < total; i++) client.span(`job ${i}`, () => undefined);
    await loopback.flush();
    const received = spansOf(loopback).length;
    const ratio = received / total;
    expect(ratio).toBeGreaterThanOrEqual(0.22);
    expect(ratio).toBeLessThanOrEqual(0.28);
    expect(traces(loopback)).toMatchObject({
      recorded: total,
      exported: received,
      notSampled: total - received,
      dropped: 0,
      failed: 0,
      queued: 0,
    });
    expect(client.getStatus().signals.logs.notSampled).toBe(0);
  });

  it('traceidratio decides from the trace id, so two services with the same ratio keep the same traces', async () => {
    const [a, b] = [
      await start({ sampler: { type: 'traceidratio', ratio: 0.5 } }),
      await start({ sampler: { type: 'traceidratio', ratio: 0.5 } }),
    ];
    // Random ids, as callers make them (the ratio reads the id's bits).
    const headers = Array.from(
      { length: 200 },
      () => `00-${randomBytes(16).toString('hex')}-${CALLER_ID}-01`,
    );
    for (const service of [a, b]) {
      for (const traceparent of headers) {
        service.client.withTraceContext({ traceparent }, () =>
          service.client.span('handle', SpanKind.SERVER, () => undefined),
        );
      }
      await service.flush();
    }
    const kept = (l: RunningLoopbackClient<TelemetryFlowClient>): string[] =>
      spansOf(l)
        .map((s) => s['traceId'] as string)
        .sort();
    expect(kept(a)).toEqual(kept(b));
    expect(kept(a).length).toBeGreaterThan(0);
    expect(kept(a).length).toBeLessThan(200);
    expect(traces(a).notSampled).toBe(200 - kept(a).length);
  });

  it('parent-based: an unsampled caller (flags 00) exports nothing of its trace but propagates it; a sampled one (01) exports the child', async () => {
    const loopback = await start({});
    const { client } = loopback;
    const outgoing: Record<string, string> = {};
    let serverId = '';
    client.withTraceContext({ traceparent: `00-${TRACE_ID}-${CALLER_ID}-00` }, () =>
      client.span('GET /unsampled', SpanKind.SERVER, (id) => {
        serverId = id;
        client.span('db query', SpanKind.CLIENT, () => undefined);
        client.injectTraceContext(outgoing);
      }),
    );
    expect(serverId).toMatch(/^[0-9a-f]{16}$/);
    expect(outgoing['traceparent']).toBe(`00-${TRACE_ID}-${serverId}-00`);

    const sampledTrace = TRACE_ID.replace('4bf9', '5bf9');
    let sampledServerId = '';
    client.withTraceContext({ traceparent: `00-${sampledTrace}-${CALLER_ID}-01` }, () =>
      client.span('GET /sampled', SpanKind.SERVER, (id) => {
        sampledServerId = id;
        client.span('db query', SpanKind.CLIENT, () => undefined);
      }),
    );
    await loopback.flush();
    const spans = spansOf(loopback);
    expect(spans.filter((s) => s['traceId'] === TRACE_ID)).toEqual([]);
    const byName = Object.fromEntries(spans.map((s) => [s['name'] as string, s]));
    expect(byName['GET /sampled']).toMatchObject({ traceId: sampledTrace, parentSpanId: CALLER_ID });
    expect(byName['db query']).toMatchObject({ traceId: sampledTrace, parentSpanId: sampledServerId });
    expect(traces(loopback)).toMatchObject({
      recorded: 4,
      exported: 2,
      notSampled: 2,
      dropped: 0,
      invalid: 0,
    });
  });

  it('logs inside an unsampled span are exported with its trace id and span id', async () => {
    const loopback = await start({ sampler: { type: 'always_off' } });
    const { client } = loopback;
    const ids: Record<string, string> = {};
    await client.span('checkout', SpanKind.SERVER, async (id) => {
      ids['checkout'] = id;
      await Promise.resolve();
      client.logInfo('after an await');
    });
    const started = client.startSpan('worker');
    ids['worker'] = started;
    client.withActiveSpan(started, () => client.logWarn('in withActiveSpan'));
    client.endSpan(started);
    await loopback.flush();
    const logs = loopback.logs();
    const traceIdOf = (id: string): string | undefined =>
      logs.find((l) => l['spanId'] === id)?.['traceId'] as string;
    expect(logs.map((l) => [l.body, l['spanId']])).toEqual([
      ['after an await', ids['checkout']],
      ['in withActiveSpan', ids['worker']],
    ]);
    for (const id of Object.values(ids)) expect(traceIdOf(id)).toMatch(/^[0-9a-f]{32}$/);
    expect(traceIdOf(ids['checkout'] ?? '')).not.toBe(traceIdOf(ids['worker'] ?? ''));
    expect(spansOf(loopback)).toEqual([]);
    expect(client.getStatus().signals.logs).toMatchObject({ exported: 2, notSampled: 0 });
  });

  it('always_off exports no span, counts each as notSampled, and what is done on them is no error and no drop', async () => {
    const loopback = await start({ sampler: { type: 'always_off' } });
    const { client } = loopback;
    const outgoing: Record<string, string> = {};
    for (let i = 0; i < 10; i++) {
      client.span(`op ${i}`, SpanKind.INTERNAL, { i }, (id) => {
        client.setSpanAttributes(id, { 'order.id': i });
        client.addSpanEvent(id, 'step', { n: i });
        client.setSpanStatus(id, 'error', 'no recording, no error');
        client.updateSpanName(id, `renamed ${i}`);
        client.injectTraceContext(outgoing);
        // A child of an unsampled span is not sampled either (`always_off` has no parent rule, so
        // the sampler decides it again: not sampled).
        client.span('child', () => undefined);
      });
    }
    const failing = client.startSpan('fails');
    client.endSpan(failing, new Error('boom'));
    const leftOpen = client.startSpan('left open');
    expect(leftOpen).toMatch(/^[0-9a-f]{16}$/);
    expect(outgoing['traceparent']).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
    await loopback.flush();
    expect(traces(loopback)).toMatchObject({
      recorded: 22,
      invalid: 0,
      exported: 0,
      notSampled: 22,
      queued: 0,
    });
    await loopback.close();
    open = [];
    // The unsampled span left open at shutdown was never to be sent: not dropped.
    const after = traces(loopback);
    expect(after).toMatchObject({ exported: 0, dropped: 0, notSampled: 22 });
    expect(unaccounted(after)).toBe(0);
    expect(loopback.receiver.accepted('traces')).toEqual([]);
  });

  it('still counts a sampled span left open at shutdown as dropped, apart from the unsampled ones', async () => {
    const loopback = await start({ sampler: { type: 'parentbased_always_on' } });
    const { client } = loopback;
    const sampledOpen = client.startSpan('sampled, left open');
    client.withTraceContext({ traceparent: `00-${TRACE_ID}-${CALLER_ID}-00` }, () => {
      client.startSpan('unsampled, left open');
      client.span('unsampled, ended', () => undefined);
    });
    expect(sampledOpen).not.toBe('');
    await loopback.close();
    open = [];
    const after = traces(loopback);
    expect(after).toMatchObject({ recorded: 3, exported: 0, dropped: 1, notSampled: 2 });
    expect(unaccounted(after)).toBe(0);
  });
});

describe('open span bound', () => {
  it('refuses a span beyond MAX_OPEN_SPANS before it starts: not sampled, not counted, not exported', async () => {
    const loopback = await start({
      sampler: { type: 'traceidratio', ratio: 0.5 },
      // Room for every span ended in the one synchronous burst below.
      signalOverrides: { traces: { maxQueueSize: MAX_OPEN_SPANS } },
    });
    const { client } = loopback;
    const ids = Array.from({ length: MAX_OPEN_SPANS }, (_, i) => client.startSpan(`open ${i}`));
    expect(client.startSpan('one too many')).toBe('');
    for (const id of ids) client.endSpan(id);
    await loopback.flush();
    const s = traces(loopback);
    expect(s).toMatchObject({ recorded: MAX_OPEN_SPANS, invalid: 1, dropped: 0, queued: 0 });
    expect(s.exported + s.notSampled).toBe(MAX_OPEN_SPANS);
    expect(spansOf(loopback).length).toBe(s.exported);
    expect(spansOf(loopback).some((span) => span['name'] === 'one too many')).toBe(false);
  });
});

describe('span and log record limits', () => {
  it('applies eventCountLimit and attributePerEventCountLimit to spans, and each signal its own value length limit', async () => {
    const long = 'x'.repeat(50);
    const loopback = await start({
      enableMetrics: true,
      spanLimits: { eventCountLimit: 2, attributePerEventCountLimit: 1, attributeValueLengthLimit: 20 },
      logRecordLimits: { attributeValueLengthLimit: 10 },
    });
    const { client } = loopback;
    client.span('limited', (id) => {
      for (let i = 0; i < 5; i++) client.addSpanEvent(id, `event ${i}`, { a: i, b: i });
      client.setSpanAttributes(id, { text: long });
    });
    client.logInfo('limited', { text: long });
    client.incrementCounter('limited.count', 1, { text: long });
    await loopback.flush();
    const [span] = spansOf(loopback);
    // OpenTelemetry JS keeps the latest events: the oldest are dropped and counted.
    expect((span?.['events'] as Obj[]).map((e) => e['name'])).toEqual(['event 3', 'event 4']);
    expect(span?.['droppedEventsCount']).toBe(3);
    expect((span?.['events'] as Obj[])[0]).toMatchObject({ droppedAttributesCount: 1 });
    expect(attributes(span?.['attributes'])['text']).toBe('x'.repeat(20));
    expect(loopback.logs()[0]?.attrs['text']).toBe('x'.repeat(10));
    // Metrics keep the general limit (4096 characters).
    const point = loopback.receiver
      .metrics()
      .map((m) => m.item)
      .find((m) => m['name'] === 'limited.count') as { sum: { dataPoints: Obj[] } } | undefined;
    expect(attributes(point?.sum.dataPoints[0]?.['attributes'])['text']).toBe(long);
  });
});
