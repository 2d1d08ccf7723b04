import { AMPLE_MS, attributes, logsOf, metricsOf } from '@telemetryflow-internal/test-utils';
import type { DecodedRequest } from '@telemetryflow-internal/test-utils';
import { startGrpcReceiver } from '@telemetryflow-internal/test-utils/grpc-receiver';
import { dataPointsOf } from '@telemetryflow-internal/test-utils/http-receiver';
import { TelemetryFlowBuilder } from '@telemetryflow/client';
import type { Diagnostic, TelemetryFlowClient } from '@telemetryflow/client';
import { createGrpcTransport } from '@telemetryflow/infrastructure-grpc';
import { describe, expect, it } from 'vitest';
import { reportFigures } from '../support/figures.js';
import { settledHeap, toMb } from '../support/memory.js';
import { guardProcess } from '../support/process-guard.js';
import { KEY_ID, SECRET } from '../support/secrets.js';

guardProcess();

type Obj = Record<string, unknown>;

const OVERFLOW = 'otel.metric.overflow';

interface Collected {
  readonly points: Obj[];
  readonly total: number;
}

/** A client exporting to a gRPC receiver; `collect()` flushes and returns the latest collection of `name`. */
const setup = async (
  env: Record<string, string>,
  configure: (b: TelemetryFlowBuilder) => TelemetryFlowBuilder,
) => {
  const latest: DecodedRequest[] = [];
  const receiver = await startGrpcReceiver({
    retain: 2,
    onAccepted: (signal, request) => {
      if (signal === 'metrics') latest.splice(0, latest.length, request);
    },
  });
  const client: TelemetryFlowClient = configure(
    new TelemetryFlowBuilder(env)
      .withAutoConfiguration()
      .withApiKey(KEY_ID, SECRET)
      .withEndpoint(receiver.address)
      .withInsecure()
      .withService('cardinality')
      .withMetricsOnly()
      .withBatchSettings(60_000)
      .withExporter(createGrpcTransport()),
  )
    .build()
    .initialize();
  const collect = async (name: string): Promise<Collected> => {
    await client.flush(AMPLE_MS);
    const metric = latest.flatMap(metricsOf).find((m) => m.item['name'] === name)?.item ?? {};
    const points = dataPointsOf(metric);
    return { points, total: points.reduce((sum, p) => sum + Number(p['asDouble'] ?? p['asInt'] ?? 0), 0) };
  };
  return { client, collect, close: () => receiver.close() };
};

describe('the metric cardinality limit', () => {
  it('holds across collections: new series beyond it go to the overflow series, and totals stay exact', async () => {
    const { client, collect, close } = await setup({}, (b) => b.withMetricCardinalityLimit(10));
    try {
      let recorded = 0;
      for (let round = 0; round < 4; round++) {
        for (let i = 0; i < 25; i++) {
          client.incrementCounter('requests', 2, { user: `u-${round}-${i}` });
          recorded += 2;
        }
        const { points, total } = await collect('requests');
        expect(points).toHaveLength(10);
        expect(points.filter((p) => attributes(p['attributes'])[OVERFLOW] === true)).toHaveLength(1);
        expect(total).toBe(recorded);
      }
    } finally {
      await client.shutdown(AMPLE_MS);
      await close();
    }
  });

  it('holds under delta temporality, per export, with each export’s total exact', async () => {
    const { client, collect, close } = await setup({}, (b) =>
      b.withMetricCardinalityLimit(10).withMetricTemporality('delta'),
    );
    try {
      for (let round = 0; round < 3; round++) {
        for (let i = 0; i < 25; i++) client.incrementCounter('requests', 2, { user: `u-${round}-${i}` });
        const { points, total } = await collect('requests');
        expect(points).toHaveLength(10);
        expect(points.filter((p) => attributes(p['attributes'])[OVERFLOW] === true)).toHaveLength(1);
        // Delta: what this export carries is what was recorded since the last one.
        expect(total).toBe(50);
      }
    } finally {
      await client.shutdown(AMPLE_MS);
      await close();
    }
  });

  it('holds for a histogram given its own buckets', async () => {
    const { client, collect, close } = await setup({}, (b) =>
      b.withMetricCardinalityLimit(10).withHistogramBuckets('payload.size', [10, 100]),
    );
    try {
      for (let i = 0; i < 40; i++) client.recordHistogram('payload.size', 50, 'By', { route: `/r/${i}` });
      const { points } = await collect('payload.size');
      expect(points).toHaveLength(10);
      expect(points.reduce((sum, p) => sum + Number(p['count']), 0)).toBe(40);
      expect(points[0]?.['explicitBounds']).toEqual([10, 100]);
    } finally {
      await client.shutdown(AMPLE_MS);
      await close();
    }
  });

  it('defaults to 2000 series, also from TELEMETRYFLOW_METRIC_CARDINALITY_LIMIT, and bounds memory', async () => {
    const byDefault = await setup({}, (b) => b);
    const baseline = settledHeap();
    try {
      let recorded = 0;
      // 5 collections of 4000 new series each: 20 000 series without a limit that holds.
      for (let round = 0; round < 5; round++) {
        for (let i = 0; i < 4_000; i++) {
          byDefault.client.recordHistogram('latency', i % 100, 'ms', { route: `/r/${round}/${i}` });
          recorded++;
        }
        const { points } = await byDefault.collect('latency');
        expect(points).toHaveLength(2_000);
        const count = points.reduce((sum, p) => sum + Number(p['count']), 0);
        expect(count).toBe(recorded);
      }
      const retained = settledHeap() - baseline;
      reportFigures('metrics: 20 000 series offered, limit 2000', {
        seriesOffered: 20_000,
        seriesExported: 2_000,
        retainedHeapMb: toMb(retained),
      });
      // 2000 series of a histogram are a few MB; 20 000 would be ten times that.
      expect(retained).toBeLessThan(40 * 1024 * 1024);
    } finally {
      await byDefault.client.shutdown(AMPLE_MS);
      await byDefault.close();
    }

    const fromEnv = await setup({ TELEMETRYFLOW_METRIC_CARDINALITY_LIMIT: '5' }, (b) => b);
    try {
      for (let i = 0; i < 20; i++) fromEnv.client.recordGauge('temperature', i, { sensor: `s${i}` });
      const { points } = await fromEnv.collect('temperature');
      expect(points).toHaveLength(5);
    } finally {
      await fromEnv.client.shutdown(AMPLE_MS);
      await fromEnv.close();
    }
  });
});

describe('export requests over the transport size limit', () => {
  it('are cut into requests that fit, so valid items are not lost with oversized ones', async () => {
    const diagnostics: Diagnostic[] = [];
    const accepted: DecodedRequest[] = [];
    const receiver = await startGrpcReceiver({
      retain: 2,
      onAccepted: (signal, request) => {
        if (signal === 'logs') accepted.push(request);
      },
    });
    try {
      const client = new TelemetryFlowBuilder({})
        .withApiKey(KEY_ID, SECRET)
        .withEndpoint(receiver.address)
        .withInsecure()
        .withService('sizes')
        .withLogsOnly()
        .withBatchSettings(60_000, 512)
        // Log bodies are cut to 64 Ki characters: the large records carry their bytes in an attribute.
        .withAttributeLimits({ valueLength: 8 * 1024 * 1024 })
        .withDiagnostics((d) => diagnostics.push(d))
        .withExporter(createGrpcTransport())
        .build()
        .initialize();
      const mb = 'b'.repeat(1024 * 1024);
      for (let i = 0; i < 100; i++) {
        client.logInfo(`small-${i}`);
        if (i % 10 === 0) client.logInfo(`big-${i}`, { payload: mb }); // 10 records of 1 MiB: 10 MiB in one batch
      }
      client.logInfo('huge', { payload: 'c'.repeat(5 * 1024 * 1024) }); // one record larger than the 4 MiB limit
      await client.shutdown(AMPLE_MS);
      const logs = client.getStatus().signals.logs;
      expect(logs).toMatchObject({ recorded: 111, exported: 110, failed: 1, dropped: 0, queued: 0 });
      // Reported when it failed (lastError may already be a later batch's success).
      expect(diagnostics.map((d) => d.message)).toContainEqual(
        expect.stringMatching(
          /1 items lost: a logs item of \d+ bytes is larger than the 4194304-byte request limit/,
        ),
      );
      expect(accepted.flatMap(logsOf)).toHaveLength(110);
      expect(accepted.length).toBeGreaterThan(2); // the 10 MiB batch went out in several requests
    } finally {
      await receiver.close();
    }
  });
});
