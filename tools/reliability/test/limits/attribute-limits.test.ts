import { AMPLE_MS, attributes, waitFor } from '@telemetryflow-internal/test-utils';
import type { DecodedRequest } from '@telemetryflow-internal/test-utils';
import { logsOf, metricsOf, spansOf } from '@telemetryflow-internal/test-utils';
import { startGrpcReceiver } from '@telemetryflow-internal/test-utils/grpc-receiver';
import { startHttpReceiver } from '@telemetryflow-internal/test-utils/http-receiver';
import { dataPointsOf } from '@telemetryflow-internal/test-utils/http-receiver';
import { TelemetryFlowBuilder } from '@telemetryflow/client';
import type { TelemetryFlowClient } from '@telemetryflow/client';
import type { SignalType } from '@telemetryflow/domain';
import { createGrpcTransport } from '@telemetryflow/infrastructure-grpc';
import { createHttpTransport } from '@telemetryflow/infrastructure-http';
import { describe, expect, it } from 'vitest';
import { guardProcess } from '../support/process-guard.js';
import { KEY_ID, SECRET } from '../support/secrets.js';

guardProcess();

type Obj = Record<string, unknown>;
type Protocol = 'grpc' | 'http';

/** Eight attributes, one of them a long string and one a string array. */
const WIDE = {
  a: 1,
  b: 'x'.repeat(50),
  c: true,
  d: ['y'.repeat(40), 'short'],
  e: 2.5,
  f: 'f',
  g: 'g',
  h: 'h',
};

/** Exports one span (with an event), one log record and one counter point, then shuts down. */
const exportOnce = async (
  protocol: Protocol,
  configure: (b: TelemetryFlowBuilder) => TelemetryFlowBuilder,
  record: (client: TelemetryFlowClient) => void,
  env: Record<string, string> = {},
): Promise<{ spans: Obj[]; logs: Obj[]; metrics: Obj[] }> => {
  const accepted: { signal: SignalType; request: DecodedRequest }[] = [];
  const onAccepted = (signal: SignalType, request: DecodedRequest) => accepted.push({ signal, request });
  const receiver =
    protocol === 'grpc' ? await startGrpcReceiver({ onAccepted }) : await startHttpReceiver({ onAccepted });
  try {
    const builder = new TelemetryFlowBuilder(env)
      .withApiKey(KEY_ID, SECRET)
      .withEndpoint(receiver.address)
      .withProtocol(protocol)
      .withInsecure()
      .withService('limits')
      .withExporter(protocol === 'grpc' ? createGrpcTransport() : createHttpTransport());
    const client = configure(builder.withAutoConfiguration()).build().initialize();
    record(client);
    await client.shutdown(AMPLE_MS);
    await waitFor(() => accepted.some((a) => a.signal === 'metrics'), 'the metrics');
    const of = (signal: SignalType) => accepted.filter((a) => a.signal === signal).map((a) => a.request);
    return {
      spans: of('traces').flatMap((r) => spansOf(r).map((s) => s.item)),
      logs: of('logs').flatMap((r) => logsOf(r).map((l) => l.item)),
      metrics: of('metrics').flatMap((r) => metricsOf(r).map((m) => m.item)),
    };
  } finally {
    await receiver.close();
  }
};

const recordWide = (client: TelemetryFlowClient): void => {
  const id = client.startSpan('wide', undefined, WIDE);
  client.addSpanEvent(id, 'event', WIDE);
  client.endSpan(id);
  client.logInfo('wide', WIDE);
  client.incrementCounter('wide.counter', 1, WIDE);
};

const expectLimited = (item: Obj, count: number, length: number): void => {
  const attrs = attributes(item['attributes']);
  expect(Object.keys(attrs)).toHaveLength(count);
  for (const value of Object.values(attrs)) {
    const strings = Array.isArray(value) ? value : [value];
    for (const s of strings) if (typeof s === 'string') expect(s.length).toBeLessThanOrEqual(length);
  }
};

describe.each(['grpc', 'http'] as const)('attribute limits on the wire (%s)', (protocol) => {
  it('keep the first `count` attributes and cut strings to `valueLength`, on every signal', async () => {
    const { spans, logs, metrics } = await exportOnce(
      protocol,
      (b) => b.withAttributeLimits({ count: 5, valueLength: 10 }),
      recordWide,
    );
    const [span] = spans;
    expect(span).toBeDefined();
    expectLimited(span ?? {}, 5, 10);
    expect(attributes(span?.['attributes'])).toEqual({
      a: 1,
      b: 'x'.repeat(10),
      c: true,
      d: ['y'.repeat(10), 'short'],
      e: 2.5,
    });
    expect(Number(span?.['droppedAttributesCount'])).toBe(3);
    const [event] = span?.['events'] as Obj[];
    expectLimited(event ?? {}, 5, 10);
    expect(Number(event?.['droppedAttributesCount'])).toBe(3);
    const [log] = logs;
    expectLimited(log ?? {}, 5, 10);
    expect(Number(log?.['droppedAttributesCount'])).toBe(3);
    const counter = metrics.find((m) => m['name'] === 'wide.counter') ?? {};
    const [point] = dataPointsOf(counter);
    expectLimited(point ?? {}, 5, 10);
  });

  it('apply the defaults (128 attributes, 4096 characters) and the TELEMETRYFLOW_* variables', async () => {
    const many = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`k${i}`, i]));
    const huge = 'z'.repeat(1024 * 1024);
    const byDefault = await exportOnce(
      protocol,
      (b) => b,
      (client) => {
        client.endSpan(client.startSpan('many', undefined, many));
        client.logInfo('huge', { huge });
        client.incrementCounter('huge.counter', 1, { huge });
      },
    );
    expectLimited(byDefault.spans[0] ?? {}, 128, 4096);
    expect(Number(byDefault.spans[0]?.['droppedAttributesCount'])).toBe(72);
    expect(attributes(byDefault.logs[0]?.['attributes'])['huge']).toBe('z'.repeat(4096));
    const counter = byDefault.metrics.find((m) => m['name'] === 'huge.counter') ?? {};
    expect(attributes(dataPointsOf(counter)[0]?.['attributes'])['huge']).toBe('z'.repeat(4096));

    const fromEnv = await exportOnce(protocol, (b) => b, recordWide, {
      TELEMETRYFLOW_ATTRIBUTE_COUNT_LIMIT: '3',
      TELEMETRYFLOW_ATTRIBUTE_VALUE_LENGTH_LIMIT: '4',
    });
    expectLimited(fromEnv.spans[0] ?? {}, 3, 4);
    expectLimited(fromEnv.logs[0] ?? {}, 3, 4);
  });
});
