import pino from 'pino';
import { SpanKind } from '@telemetryflow/client';
import { createPinoDestination } from '@telemetryflow/logger-pino';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** @typedef {{ id: number, type: 'email' | 'notification' | 'report' | 'generic' | 'error' }} Job */

/** @type {Record<Job['type'], (client: import('@telemetryflow/client').TelemetryFlowClient, job: Job) => Promise<void>>} */
const handlers = {
  email: async (client) => {
    await client.span('smtp.send', SpanKind.CLIENT, { 'server.address': 'smtp.internal' }, () => sleep(8));
  },
  notification: async (client) => {
    await client.span('push.send', SpanKind.PRODUCER, { 'messaging.system': 'fcm' }, () => sleep(4));
  },
  report: async (client) => {
    await client.span('report.query', SpanKind.CLIENT, { 'db.system': 'postgresql' }, () => sleep(12));
    await client.span('report.render', SpanKind.INTERNAL, () => sleep(6));
  },
  generic: async () => sleep(3),
  error: async () => {
    await sleep(2);
    throw new Error('upstream rejected the job');
  },
};

/**
 * The worker's pino logger: JSON lines to `output` (debug and above), as any pino app writes them,
 * and, through the TelemetryFlow bridge, OTLP log records to the collector (info and above), each
 * with the trace and span ids of the job it was logged in.
 * @param {import('@telemetryflow/client').TelemetryFlowClient} client
 * @param {import('pino').DestinationStream} [output] default: stdout
 */
export function createLogger(client, output = process.stdout) {
  return pino(
    { name: 'worker', level: 'debug' },
    pino.multistream([
      { stream: output, level: 'debug' },
      { stream: createPinoDestination(client), level: 'info' },
    ]),
  );
}

/**
 * A queue of jobs worked through by `concurrency` workers, each job a CONSUMER span with children,
 * job counters, a duration histogram and gauges for the active jobs and the queue depth; what
 * happens to each job is logged with pino inside its span.
 * @param {import('@telemetryflow/client').TelemetryFlowClient} client an initialized client
 * @param {{ jobs?: number, concurrency?: number, logger?: import('pino').Logger }} [options]
 *   `logger` default: `createLogger(client)`
 * @returns {Promise<{ completed: number, failed: number }>}
 */
export async function runWorker(client, { jobs = 10, concurrency = 2, logger = createLogger(client) } = {}) {
  const types = /** @type {Job['type'][]} */ (['email', 'notification', 'report', 'generic', 'error']);
  /** @type {Job[]} */
  const queue = Array.from({ length: jobs }, (_, i) => ({ id: i + 1, type: types[i % types.length] }));
  let active = 0;
  let completed = 0;
  let failed = 0;

  async function work() {
    for (let job = queue.shift(); job !== undefined; job = queue.shift()) {
      client.recordGauge('worker.queue.size', queue.length);
      client.recordGauge('worker.active', ++active);
      client.incrementCounter('worker.jobs.started', 1, { 'job.type': job.type });
      const started = performance.now();
      try {
        await client.span(
          `job ${job.type}`,
          SpanKind.CONSUMER,
          { 'job.id': job.id, 'job.type': job.type },
          async () => {
            logger.debug({ job }, 'job started'); // stdout only: the bridge takes info and above
            try {
              await handlers[job.type](client, job);
            } catch (error) {
              logger.error({ err: error, job }, 'job failed'); // exception.* attributes, in the span
              throw error;
            }
            logger.info({ job }, 'job completed');
          },
        );
        completed++;
        client.incrementCounter('worker.jobs.completed', 1, { 'job.type': job.type });
      } catch {
        failed++;
        client.incrementCounter('worker.jobs.failed', 1, { 'job.type': job.type });
      } finally {
        client.recordHistogram('worker.job.duration', (performance.now() - started) / 1000, 's', {
          'job.type': job.type,
        });
        client.recordGauge('worker.active', --active);
      }
    }
  }

  await Promise.all(Array.from({ length: concurrency }, work));
  return { completed, failed };
}
