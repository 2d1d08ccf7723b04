import { SpanKind } from '@telemetryflow/client';

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
 * A queue of jobs worked through by `concurrency` workers, each job a CONSUMER span with children,
 * job counters, a duration histogram and gauges for the active jobs and the queue depth.
 * @param {import('@telemetryflow/client').TelemetryFlowClient} client an initialized client
 * @param {{ jobs?: number, concurrency?: number }} [options]
 * @returns {Promise<{ completed: number, failed: number }>}
 */
export async function runWorker(client, { jobs = 10, concurrency = 2 } = {}) {
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
          () => handlers[job.type](client, job),
        );
        completed++;
        client.incrementCounter('worker.jobs.completed', 1, { 'job.type': job.type });
        client.logInfo('job completed', { 'job.id': job.id, 'job.type': job.type });
      } catch (error) {
        failed++;
        client.incrementCounter('worker.jobs.failed', 1, { 'job.type': job.type });
        client.logError(`job ${job.id} failed: ${error.message}`, { 'job.id': job.id });
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
