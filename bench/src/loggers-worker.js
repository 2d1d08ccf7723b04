// Scenario 6, one variant per process: `node loggers-worker.js <variant> [timeMs]`, forked by
// loggers.js (alone, it prints its report as JSON). The cost of one log call with pino or winston
// writing to /dev/null, alone and with the TelemetryFlow bridge (a client whose transport answers
// success at once). Exporting is off the measured calls: the queue is drained between samples.
import { createWriteStream } from 'node:fs';
import { createPinoDestination } from '@telemetryflow/logger-pino';
import { createWinstonTransport } from '@telemetryflow/logger-winston';
import pino from 'pino';
import { Bench } from 'tinybench';
import { hotPathClient } from './hot-path-client.js';
import winston from 'winston';
import { OPS_PER_SAMPLE } from './settings.js';

const fields = { 'http.route': '/api/orders', 'http.response.status_code': 200 };

const makeClient = () => hotPathClient('bench-loggers');

const devNull = () => pino.destination({ dest: '/dev/null', sync: false });

/** Each variant: `{ log(i), client?, inSpan? }`. */
const VARIANTS = {
  pino: async () => {
    const logger = pino(devNull());
    return { log: () => logger.info(fields, 'order listed') };
  },
  'pino-multistream': async () => {
    const logger = pino({}, pino.multistream([{ stream: devNull() }]));
    return { log: () => logger.info(fields, 'order listed') };
  },
  'pino-bridge': async () => {
    const client = await makeClient();
    const logger = pino(
      {},
      pino.multistream([{ stream: devNull() }, { stream: createPinoDestination(client) }]),
    );
    return { client, log: () => logger.info(fields, 'order listed') };
  },
  'pino-bridge-span': async () => ({ ...(await VARIANTS['pino-bridge']()), inSpan: true }),
  winston: async () => {
    const logger = winston.createLogger({
      transports: [new winston.transports.Stream({ stream: createWriteStream('/dev/null') })],
    });
    return { log: () => logger.info('order listed', fields) };
  },
  'winston-bridge': async () => {
    const client = await makeClient();
    const logger = winston.createLogger({
      transports: [
        new winston.transports.Stream({ stream: createWriteStream('/dev/null') }),
        createWinstonTransport(client),
      ],
    });
    return { client, log: () => logger.info('order listed', fields) };
  },
  'winston-bridge-span': async () => ({ ...(await VARIANTS['winston-bridge']()), inSpan: true }),
  'client-log': async () => {
    const client = await makeClient();
    return { client, log: () => client.logInfo('order listed', fields) };
  },
};

const [variant = 'pino', timeArg = '300'] = process.argv.slice(2);
const make = VARIANTS[variant];
if (make === undefined)
  throw new Error(`unknown variant ${variant}; known: ${Object.keys(VARIANTS).join(', ')}`);
const { log, client, inSpan = false } = await make();
const yieldToLoop = () => new Promise((resolve) => setImmediate(resolve));
const bench = new Bench({ time: Number(timeArg), warmupTime: 150, throws: true });
const loop = () => {
  for (let i = 0; i < OPS_PER_SAMPLE; i++) log(i);
};
bench.add(variant, inSpan ? () => client.span('request', loop) : loop, { afterEach: yieldToLoop });
await bench.run();
const { latency } = bench.tasks[0].result;
const logs = client?.getStatus().signals.logs;
await client?.shutdown(1_000);
const report = {
  variant,
  p50: (latency.p50 * 1e6) / OPS_PER_SAMPLE,
  samples: latency.samplesCount,
  recorded: logs?.recorded,
  dropped: logs?.dropped,
};
if (process.send) process.send(report);
else console.log(JSON.stringify(report, null, 2));
