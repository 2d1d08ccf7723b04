// Scenario 5: how far past its deadline `flush(t)` and `shutdown(t)` return when the collector
// never answers (requests only end at their 30 s timeout). Ours only; the silent collectors run in
// this process, each client in a worker process (deadlines-worker.js).
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { runWorker } from './child.js';
import { BATCH_MAX_SIZE } from './settings.js';
import { fmt, markdownTable, median } from './table.js';

const DEADLINES_MS = [200, 1_000];
const REPS = 5;
/** Spans, and as many log records, recorded before each of flush and shutdown. */
const ITEMS = 1_000;
/** The most `flush(t)` / `shutdown(t)` may return after `t` for the target to be met. */
export const OVERSHOOT_LIMIT_MS = 100;

/**
 * Starts `server` on an ephemeral loopback port; resolves with the port, the number of connections
 * accepted so far and a `close()`.
 */
const listen = (server) =>
  new Promise((resolve) => {
    const sockets = new Set();
    let accepted = 0;
    server.on('connection', (socket) => {
      accepted++;
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => sockets.delete(socket));
    });
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: server.address().port,
        accepted: () => accepted,
        close: () =>
          new Promise((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      }),
    );
  });

/** Accepts TCP connections, reads and discards what comes, never writes (no HTTP/2 handshake). */
const blackHole = () => listen(createTcpServer((socket) => socket.resume()));
/** A node:http server whose handler reads the request and never responds. */
const silentHttp = () => listen(createHttpServer((request) => request.resume()));

const COLLECTORS = { 'TCP black hole': blackHole, 'HTTP server, no response': silentHttp };
const CASES = [
  ['grpc', 'TCP black hole'],
  ['http', 'TCP black hole'],
  ['http', 'HTTP server, no response'],
];

/** `a` when all values are equal, else `min–max`. */
const range = (values) => {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return lo === hi ? fmt(lo) : `${fmt(lo)}–${fmt(hi)}`;
};
const counts = (runs, signal) =>
  `${range(runs.map((r) => r[signal].queued))} / ${range(runs.map((r) => r[signal].dropped))}`;

/** @returns {Promise<{ title: string, config: string, table: string, verdict: object }>} */
export async function runDeadlines() {
  const rows = [];
  const worst = {};
  const diagnostics = new Set();
  const accepted = [];
  for (const [protocol, collectorName] of CASES) {
    const collector = await COLLECTORS[collectorName]();
    let report;
    try {
      report = await runWorker(
        'deadlines-worker.js',
        [protocol, String(collector.port), DEADLINES_MS.join(','), String(REPS), String(ITEMS)],
        { timeoutMs: 240_000 },
      );
    } finally {
      accepted.push(`${protocol} → ${collectorName}: ${fmt(collector.accepted())}`);
      await collector.close();
    }
    for (const code of report.diagnostics) diagnostics.add(code);
    for (const deadline of DEADLINES_MS) {
      for (const step of ['flush', 'shutdown']) {
        const runs = report.results.filter((r) => r.deadline === deadline && r.step === step);
        const overshoots = runs.map((r) => r.overshootMs);
        const max = Math.max(...overshoots);
        if (!(worst[protocol]?.overshootMs >= max)) {
          worst[protocol] = { overshootMs: max, step, deadline, collector: collectorName };
        }
        const outcomes = [...new Set(runs.map((r) => r.outcome))].join(', ');
        rows.push([
          `${protocol}, ${collectorName}: ${step}(${fmt(deadline)})`,
          fmt(median(runs.map((r) => r.elapsedMs))),
          fmt(median(overshoots)),
          fmt(max),
          counts(runs, 'traces'),
          counts(runs, 'logs'),
          outcomes,
        ]);
      }
    }
  }
  const maxOvershootMs = Math.max(...Object.values(worst).map((w) => w.overshootMs));
  const verdict = { worst, maxOvershootMs, met: maxOvershootMs <= OVERSHOOT_LIMIT_MS };
  return {
    title: '6. flush / shutdown deadlines under a collector that never answers',
    config: [
      'TelemetryFlow only. Collectors on 127.0.0.1 (ephemeral port, in the parent process): a TCP black hole',
      '(accepts, reads, never writes: no HTTP/2 handshake) and a node:http server that never responds.',
      'Per rep, a new client (`createGrpcTransport()` / `createHttpTransport()`, insecure, request timeout',
      `30 s, retry 1 × 20 ms, batch 200 ms / ${BATCH_MAX_SIZE}, rate limit 600 000/min) records ${fmt(ITEMS)} spans and`,
      `${fmt(ITEMS)} log records, then \`flush(t)\` is timed; ${fmt(ITEMS)} more of each, then \`shutdown(t)\`. ${REPS} reps`,
      'per deadline t, each protocol and collector in its own worker process. Overshoot = elapsed − t; the',
      `target is ≤ ${OVERSHOOT_LIMIT_MS} ms. Queued / dropped: the client's count per signal just after the call`,
      '(range over the reps).',
      `Connections accepted (${fmt(DEADLINES_MS.length * REPS)} clients each): ${accepted.join('; ')}.`,
      `Diagnostics seen: ${[...diagnostics].join(', ') || 'none'}.`,
    ].join('\n'),
    table: markdownTable(
      [
        'protocol, collector: call(t ms)',
        'elapsed median ms',
        'overshoot median ms',
        'overshoot max ms',
        'spans queued / dropped',
        'logs queued / dropped',
        'outcome',
      ],
      rows,
    ),
    verdict,
  };
}
