// Scenario 5, one protocol and collector per process: `node deadlines-worker.js grpc|http <port>
// <deadlines, comma-separated ms> <reps> <items>`. The collector at 127.0.0.1:<port> (in the
// parent process) never answers; each rep builds a new client, records <items> spans and <items>
// log records, times `flush(t)`, records as many again and times `shutdown(t)`.
import { BATCH_MAX_SIZE } from './settings.js';

const [protocol, portArg, deadlinesArg, repsArg, itemsArg] = process.argv.slice(2);
const deadlines = deadlinesArg.split(',').map(Number);
const reps = Number(repsArg);
const items = Number(itemsArg);
/** A call still pending this long after its deadline is given up on (and reported as such). */
const GIVE_UP_AFTER_MS = 5_000;

const { TelemetryFlowBuilder } = await import('@telemetryflow/client');
const { createGrpcTransport } = await import('@telemetryflow/infrastructure-grpc');
const { createHttpTransport } = await import('@telemetryflow/infrastructure-http');
const transport = protocol === 'grpc' ? createGrpcTransport() : createHttpTransport();
const diagnostics = new Set();

const newClient = () =>
  new TelemetryFlowBuilder({})
    .withApiKey('tfk_bench', 'tfs_bench')
    .withEndpoint(`127.0.0.1:${portArg}`)
    .withProtocol(protocol)
    .withInsecure()
    .withService('bench-deadlines')
    // One retry, 20 ms apart; 30 s per request: only the deadline of flush/shutdown ends the wait.
    .withRetry(true, 1, 20)
    .withTimeout(30_000)
    .withBatchSettings(200, BATCH_MAX_SIZE)
    .withRateLimit(600_000)
    .withDiagnostics((d) => diagnostics.add(d.code))
    .withExporter(transport)
    .build()
    .initialize();

const record = (client, from) => {
  for (let i = from; i < from + items; i++) {
    client.endSpan(client.startSpan(`s${i}`));
    client.logInfo(`l${i}`);
  }
};

/** Times `call(deadline)`; does not wait more than GIVE_UP_AFTER_MS past the deadline. */
const timed = async (client, call, deadline) => {
  const t0 = performance.now();
  const outcome = await Promise.race([
    call(deadline).then(
      () => 'resolved',
      (error) => `rejected (${String(error?.message ?? error).split(':')[0]})`,
    ),
    new Promise((resolve) =>
      setTimeout(() => resolve(`still pending at +${GIVE_UP_AFTER_MS} ms`), deadline + GIVE_UP_AFTER_MS),
    ),
  ]);
  const elapsedMs = performance.now() - t0;
  const { traces, logs } = client.getStatus().signals;
  return {
    deadline,
    elapsedMs,
    overshootMs: elapsedMs - deadline,
    outcome,
    traces: { queued: traces.queued, dropped: traces.dropped },
    logs: { queued: logs.queued, dropped: logs.dropped },
  };
};

const results = [];
for (const deadline of deadlines) {
  for (let rep = 0; rep < reps; rep++) {
    const client = newClient();
    record(client, 0);
    const flush = await timed(client, (t) => client.flush(t), deadline);
    record(client, items);
    const shutdown = await timed(client, (t) => client.shutdown(t), deadline);
    results.push({ step: 'flush', rep, ...flush }, { step: 'shutdown', rep, ...shutdown });
  }
}
process.send({ protocol, results, diagnostics: [...diagnostics] });
process.disconnect();
// Requests to the silent collector may still be open (30 s timeout): do not wait for them.
setTimeout(() => process.exit(0), 100).unref();
