// Scenario 1, the client against OpenTelemetry's API on the client's own providers, in one process:
// `node hot-path-same-process-worker.js [pairs] [esm|commonjs]`, forked by hot-path.js (alone, it
// prints its report as JSON). The client registers its providers as the globals; the OpenTelemetry
// side makes its instruments, tracer and logger from those globals, so both sides share the meter
// provider, the span and log processors and the export pipeline, and the ratio is what the
// client's own layer (checks, accounting, exemplar sampling) adds to a call. Metric calls run on a
// third side too: a second client with `enableExemplars: false` (its own providers, configured
// alike), to show what the exemplar filter's context read costs. The sides take turns in chunks of
// calls, the order rotating, with a setImmediate between chunks (the pipeline drains there, outside
// the timed chunks), so a busy spell of the machine lands on every side alike. `commonjs`: both
// clients come from the client's CommonJS build (`require`).
import { logs } from '@opentelemetry/api-logs';
import { metrics, trace } from '@opentelemetry/api';
import { hotPathClient } from './hot-path-client.js';
import { METRIC_OPERATIONS, rawOperations, tfOperations } from './operations.js';

/** Calls per timed chunk: a few ms each. */
const CHUNK = {
  counter: 2_000,
  histogram: 2_000,
  gauge: 2_000,
  metric: 2_000,
  span: 500,
  activeSpan: 500,
  log: 1_000,
};
/** Chunk pairs run first and not counted (the JIT settles). */
const WARM_UP_PAIRS = 20;

const pairs = Number(process.argv[2] ?? '150');
/** `commonjs`: both clients from the client's CommonJS build (`require`), else from its ESM one. */
const commonjs = process.argv[3] === 'commonjs';
const client = await hotPathClient('bench-same-process', { registerGlobal: true, commonjs });
const otel = rawOperations(
  metrics.getMeterProvider().getMeter('bench-otel'),
  trace.getTracerProvider().getTracer('bench-otel'),
  logs.getLoggerProvider().getLogger('bench-otel'),
);
const tf = tfOperations(client);
const noExemplars = await hotPathClient('bench-no-exemplars', { enableExemplars: false, commonjs });
const tfNoExemplars = tfOperations(noExemplars);
const SIDES = { otel, tf, tfNoExemplars };
/** The operations that record a measurement (where exemplars can apply). */
const METRIC_OPS = new Set(METRIC_OPERATIONS);
const yieldToLoop = () => new Promise((resolve) => setImmediate(resolve));

/** ns of `calls` calls of `op`. */
const chunk = (op, calls) => {
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) op(i);
  return Number(process.hrtime.bigint() - start);
};

const results = {};
for (const key of Object.keys(CHUNK)) {
  const calls = CHUNK[key];
  const sides = METRIC_OPS.has(key) ? ['otel', 'tf', 'tfNoExemplars'] : ['otel', 'tf'];
  const total = Object.fromEntries(sides.map((side) => [side, 0]));
  for (let p = 0; p < WARM_UP_PAIRS + pairs; p++) {
    for (let s = 0; s < sides.length; s++) {
      const side = sides[(p + s) % sides.length];
      const ns = chunk(SIDES[side][key], calls);
      if (p >= WARM_UP_PAIRS) total[side] += ns;
      await yieldToLoop();
    }
  }
  await Promise.all([client.flush(), noExemplars.flush()]);
  results[key] = Object.fromEntries(sides.map((side) => [side, total[side] / (pairs * calls)]));
}
let dropped = 0;
for (const c of [client, noExemplars]) {
  const { signals } = c.getStatus();
  dropped += signals.traces.dropped + signals.logs.dropped + signals.metrics.dropped;
}
await Promise.all([client.shutdown(1_000), noExemplars.shutdown(1_000)]);
const report = { results, dropped };
if (process.send) process.send(report);
else console.log(JSON.stringify(report, null, 2));
