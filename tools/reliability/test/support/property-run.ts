import { AMPLE_MS, anyValue } from '@telemetryflow-internal/test-utils';
import type { DecodedRequest } from '@telemetryflow-internal/test-utils';
import { TelemetryFlowBuilder } from '@telemetryflow/client';
import type { Diagnostic, TelemetryFlowClient } from '@telemetryflow/client';
import { expect } from 'vitest';
import { ITEM_SIGNALS, statusOf, unaccounted } from './accounting.js';
import { expectWireAttributes } from './attribute-rules.js';
import type { ExpectedAttributes, Limits } from './attribute-rules.js';
import type { PropertySink } from './property-sink.js';
import { SEVERITIES, SPAN_KINDS } from './recording-model.js';
import type { RecordingModel } from './recording-model.js';
import { KEY_ID, SECRET } from './secrets.js';

/** Small limits, so that generated input hits them often. */
export const PROPERTY_LIMITS: Limits = { count: 16, valueLength: 256 };
export const PROPERTY_CARDINALITY = 50;
/** Runs between two flushes (and checks of what arrived); keeps the queues far from full. */
export const VERIFY_EVERY = 100;

/** What a marker (the valid recording of a case) must look like when it arrives. */
export interface Marker {
  readonly attributes: ExpectedAttributes;
  readonly severityText: string;
  readonly kind: string;
}

export const markerName = (n: number): string => `case-${n}`;

export const clientFor = (sink: PropertySink): { client: TelemetryFlowClient; diagnostics: Diagnostic[] } => {
  const diagnostics: Diagnostic[] = [];
  const client = new TelemetryFlowBuilder({})
    .withApiKey(KEY_ID, SECRET)
    .withEndpoint(sink.endpoint)
    .withProtocol(sink.protocol)
    .withInsecure()
    .withService('property', '1.0.0')
    .withBatchSettings(60_000, 512)
    .withRetry(true, 2, 10)
    .withRateLimit(600_000)
    .withAttributeLimits(PROPERTY_LIMITS)
    .withMetricCardinalityLimit(PROPERTY_CARDINALITY)
    .withDiagnostics((d) => diagnostics.push(d))
    .withExporter(sink.transport)
    .build();
  return { client, diagnostics };
};

/** The wire form of a severity or span kind the marker was recorded with. */
export const wireSeverity = (severity: unknown): string =>
  typeof severity === 'string' && SEVERITIES.includes(severity) ? severity.toUpperCase() : 'INFO';
export const wireKind = (kind: unknown): string =>
  `SPAN_KIND_${(typeof kind === 'string' && SPAN_KINDS.includes(kind) ? kind : 'internal').toUpperCase()}`;

/** Sum of the cumulative counter `name` over all its series in the latest collection. */
export const counterTotal = (metrics: DecodedRequest[], name: string): number | undefined => {
  type Point = { asDouble?: number; asInt?: string };
  type Metric = { name: string; sum?: { dataPoints: Point[] } };
  type Request = { resourceMetrics?: { scopeMetrics?: { metrics?: Metric[] }[] }[] };
  const latest = metrics.at(-1) as Request | undefined;
  const metric = latest?.resourceMetrics
    ?.flatMap((r) => r.scopeMetrics ?? [])
    .flatMap((s) => s.metrics ?? [])
    .find((m) => m.name === name);
  return metric?.sum?.dataPoints.reduce((total, p) => total + Number(p.asDouble ?? p.asInt ?? 0), 0);
};

/**
 * Flushes, then checks everything that arrived since the last call: every pending marker came,
 * once, with the documented attributes, severity and kind; the counts match the model; every
 * span and log record is accounted for.
 */
export const verifyArrivals = async (
  client: TelemetryFlowClient,
  sink: PropertySink,
  model: RecordingModel,
  pending: Map<number, Marker>,
): Promise<DecodedRequest[]> => {
  await client.flush(AMPLE_MS);
  const { spans, logs, metrics } = sink.take();
  const seen = new Map<string, number>();
  const check = (item: Record<string, unknown>, name: string, signal: 'span' | 'log'): void => {
    if (!name.startsWith('case-')) return;
    const n = Number(name.slice(5));
    const marker = pending.get(n);
    expect(marker, `${signal} ${name} arrived, and only once`).toBeDefined();
    if (marker === undefined) return;
    seen.set(`${signal}:${n}`, n);
    expectWireAttributes(item, marker.attributes, PROPERTY_LIMITS, `${signal} ${name}`);
    if (signal === 'log') expect(item['severityText'], `${name} severity`).toBe(marker.severityText);
    else expect(item['kind'], `${name} kind`).toBe(marker.kind);
  };
  for (const span of spans) check(span, String(span['name']), 'span');
  for (const log of logs) check(log, String(anyValue(log['body'])), 'log');
  for (const n of pending.keys()) {
    expect(seen.has(`span:${n}`), `span case-${n} arrived`).toBe(true);
    expect(seen.has(`log:${n}`), `log case-${n} arrived`).toBe(true);
  }
  pending.clear();
  const status = client.getStatus();
  for (const signal of ['metrics', 'logs', 'traces'] as const) {
    expect(status.signals[signal], signal).toMatchObject({
      recorded: model.recorded[signal],
      invalid: model.invalid[signal],
    });
  }
  expect(status.droppedAttributes).toBe(model.droppedAttributes);
  for (const signal of ITEM_SIGNALS) {
    const s = statusOf(client, signal);
    expect(s).toMatchObject({ failed: 0, dropped: 0, rejected: 0 });
    // Spans still open are recorded and not yet in the pipeline.
    expect(unaccounted(s)).toBe(signal === 'traces' ? model.open.size : 0);
  }
  return metrics;
};
