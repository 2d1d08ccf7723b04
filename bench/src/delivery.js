// Scenario `delivery`: bursts and the export ceiling, TelemetryFlow (client +
// @telemetryflow/infrastructure-grpc) vs raw OpenTelemetry JS (provider + official batch processor
// + official OTLP/gRPC exporter), both with their default settings and gzip, to the cheap loopback
// sink (sink-child.js, another process), so that what limits delivery is the sending side. Each
// run is its own process (export-worker.js).
// - burst: BURST_ITEMS spans / log records in chunks of 500 with a setImmediate between chunks, then
//   flush: delivered % and peak RSS growth;
// - ceiling: CEILING_ITEMS the same way: items delivered per second from the first item until
//   flush resolved.
import { startHelper } from './child.js';
import { runOnce } from './export-e2e.js';
import { fmt, markdownTable, median, summarizeExport } from './table.js';

export const BURST_ITEMS = 50_000;
export const CEILING_ITEMS = 100_000;
const CHUNK = 500;
/** Issue #22: at least this share of a burst delivered … */
export const BURST_DELIVERED_TARGET_PCT = 90;
/** … with at most this much peak RSS growth (MB). */
export const BURST_RSS_TARGET_MB = 64;

const SIDE_NAMES = { raw: 'raw OTel (official exporter)', tf: 'TelemetryFlow' };

const summarize = (runs) => ({
  ...summarizeExport(runs),
  rssMB: median(runs.map((r) => r.rssGrowthMB)),
  maxRssMB: Math.max(...runs.map((r) => r.rssGrowthMB)),
  minPct: Math.min(...runs.map((r) => (100 * r.delivered) / r.fed)),
});

/**
 * @returns {Promise<{ title: string, config: string, table: string,
 *   verdict: { burst: Record<string, {raw: object, tf: object}>, ceiling: Record<string, {raw: object, tf: object}> } }>}
 */
export async function runDelivery({ reps = 3 } = {}) {
  const sink = await startHelper('sink-child.js');
  const results = new Map();
  const add = (key, result) => results.set(key, [...(results.get(key) ?? []), result]);
  try {
    for (let rep = 0; rep < reps; rep++) {
      for (const [kind, items] of [
        ['burst', BURST_ITEMS],
        ['ceiling', CEILING_ITEMS],
      ]) {
        for (const signal of ['traces', 'logs']) {
          for (const side of rep % 2 === 0 ? ['raw', 'tf'] : ['tf', 'raw']) {
            const result = await runOnce(sink, {
              side,
              signal,
              mode: 'burst',
              items,
              chunk: CHUNK,
              compression: 'gzip',
              defaults: true,
            });
            add(`${kind}|${signal}|${side}`, result);
          }
        }
      }
    }
  } finally {
    await sink.stop();
  }

  const verdict = { burst: {}, ceiling: {} };
  const burstRows = [];
  const ceilingRows = [];
  const perRun = [];
  for (const signal of ['traces', 'logs']) {
    const burst = {
      raw: summarize(results.get(`burst|${signal}|raw`)),
      tf: summarize(results.get(`burst|${signal}|tf`)),
    };
    const ceiling = {
      raw: summarize(results.get(`ceiling|${signal}|raw`)),
      tf: summarize(results.get(`ceiling|${signal}|tf`)),
    };
    verdict.burst[signal] = burst;
    verdict.ceiling[signal] = ceiling;
    for (const side of ['raw', 'tf']) {
      const b = burst[side];
      burstRows.push([
        `${fmt(BURST_ITEMS / 1000)}k ${signal === 'traces' ? 'spans' : 'logs'}`,
        SIDE_NAMES[side],
        `${fmt(b.delivered)} (${fmt(b.pct, 1)} %)`,
        `${fmt(b.minPct, 1)} %`,
        fmt(b.rssMB, 1),
        fmt(b.maxRssMB, 1),
        fmt(b.doneMs),
        b.dropped === undefined ? 'not reported' : fmt(b.dropped),
      ]);
      const c = ceiling[side];
      ceilingRows.push([
        signal === 'traces' ? 'spans' : 'logs',
        SIDE_NAMES[side],
        fmt(c.perSecond) + (side === 'tf' ? ` (${fmt(c.perSecond / ceiling.raw.perSecond, 2)}×)` : ''),
        `${fmt(c.delivered)} (${fmt(c.pct, 1)} %)`,
        fmt(c.doneMs),
        fmt((c.cpuMs * 1000) / c.fed, 1),
        fmt(c.rssMB, 1),
      ]);
    }
  }
  for (const [key, runs] of results) {
    const [kind, signal, side] = key.split('|');
    runs.forEach((r, i) =>
      perRun.push([
        `${kind}, ${signal}, ${SIDE_NAMES[side]}, run ${i + 1}`,
        `${fmt((100 * r.delivered) / r.fed, 1)} %`,
        fmt((r.delivered / r.doneMs) * 1000),
        fmt(r.rssGrowthMB, 1),
        fmt(r.cpuMs),
        r.status.dropped === undefined ? '–' : fmt(r.status.dropped),
      ]),
    );
  }
  return {
    title: '2. Bursts and the export ceiling (OTLP/gRPC, gzip, default settings on both sides)',
    config: [
      'Each run in a fresh process after a 1 000-item warm-up (exported, not counted). Raw OTel: TracerProvider /',
      'LoggerProvider with the default BatchSpanProcessor / BatchLogRecordProcessor (queue 2 048, batch 512,',
      'delay 5 s, one export at a time) and the official OTLP/gRPC exporters; ours: the client with its default',
      'settings and `@telemetryflow/infrastructure-grpc`. **gzip on both sides**, plaintext gRPC to 127.0.0.1.',
      'Both register an AsyncLocalStorage context manager. Spans: SERVER kind, 2 attributes; log records: INFO,',
      `2 attributes. Items go as fast as possible in chunks of ${CHUNK} with a setImmediate between chunks, then`,
      'flush(). The sink (another process) gunzips each request and counts its items without decoding them, so',
      'the sending side is what limits delivery. delivered = items the sink received; peak RSS growth = the',
      'highest RSS sampled (every 5 ms and after every chunk) from the first item until flush resolved, minus RSS',
      'before the first item (after a GC); dropped = our getStatus(). Medians of',
      `${reps} runs per row, alternating which side goes first; each run at the end.`,
    ].join('\n'),
    table: [
      `### Burst delivery (${fmt(BURST_ITEMS)} items; target ≥ ${BURST_DELIVERED_TARGET_PCT} % delivered within ${BURST_RSS_TARGET_MB} MB)`,
      markdownTable(
        [
          'burst',
          'side',
          'delivered (median)',
          'lowest run',
          'peak RSS growth MB',
          'highest run MB',
          'ms to flushed',
          'dropped (getStatus)',
        ],
        burstRows,
      ),
      `### Export ceiling (${fmt(CEILING_ITEMS)} items; target ≥ 1.0× the official exporter)`,
      markdownTable(
        [
          'signal',
          'side',
          'delivered/s (× raw)',
          'delivered',
          'ms to flushed',
          'CPU µs/item',
          'peak RSS growth MB',
        ],
        ceilingRows,
      ),
      'Each run:',
      markdownTable(['run', 'delivered', 'delivered/s', 'peak RSS growth MB', 'CPU ms', 'dropped'], perRun),
    ].join('\n\n'),
    verdict,
  };
}
