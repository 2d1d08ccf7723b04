import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort } from '@telemetryflow-internal/test-utils';
import { describe, expect, it } from 'vitest';
import { startCollector } from '../support/collectors.js';
import type { Protocol } from '../support/collectors.js';
import { reportFigures } from '../support/figures.js';
import { KEY_ID, SECRET } from '../support/secrets.js';

const run = promisify(execFile);
/**
 * How long after returning a script may take to exit where a budget bounds it: far below the 30 s
 * request deadline and the 60 s backoff it must not wait for, and ample on a busy machine.
 */
const EXIT_BOUND_MS = 10_000;
/** This package: its node_modules resolve the client and both transports, as an app's would. */
const appDir = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** A script that builds a client for `address`, runs `body`, and returns: no flush, no shutdown. */
const script = (protocol: Protocol, address: string, configure: string, body: string): string => `
import { SpanKind, TelemetryFlowBuilder } from '@telemetryflow/client';
import { createTransport } from '@telemetryflow/infrastructure-${protocol}';
const client = new TelemetryFlowBuilder({})
  .withApiKey('${KEY_ID}', '${SECRET}')
  .withEndpoint('${address}')
  .withProtocol('${protocol}')
  .withInsecure()
  .withService('natural-exit')
  .withExporter(createTransport)${configure}
  .build()
  .initialize();
${body}
console.log('returned at', Date.now());
`;

/** Runs `source` as an ES module until the process ends by itself; its output and how long it lived after returning. */
const runToExit = async (source: string) => {
  const { stdout, stderr } = await run(process.execPath, ['--input-type=module', '-e', source], {
    cwd: appDir,
    timeout: 90_000, // kills a process that never exits (the failure this suite is about)
  });
  const exitedAt = Date.now();
  const returnedAt = Number(/returned at (\d+)/.exec(stdout)?.[1]);
  return { stdout, stderr, afterReturnMs: exitedAt - returnedAt };
};

describe.each(['grpc', 'http'] as const)('a script that records and returns, over %s', (protocol) => {
  it('delivers what the quickstart records, without flush() or shutdown()', async () => {
    const collector = await startCollector(protocol);
    try {
      await runToExit(
        script(
          protocol,
          collector.address,
          '',
          `await client.span('process-order', SpanKind.INTERNAL, { 'order.id': 42 }, async () => {
             client.logInfo('charging card');
             client.incrementCounter('orders.processed', 1, { region: 'eu' });
             await client.span('charge-card', SpanKind.CLIENT, () => Promise.resolve());
           });`,
        ),
      );
      expect([...collector.spanNames].sort()).toEqual(['charge-card', 'process-order']);
      expect(collector.logBodies).toEqual(['charging card']);
      expect(collector.received('metrics')).toBeGreaterThan(0);
    } finally {
      await collector.close();
    }
  });

  it('delivers 1,000 spans and 1,000 log records recorded just before returning', async () => {
    const collector = await startCollector(protocol);
    try {
      const { afterReturnMs } = await runToExit(
        script(
          protocol,
          collector.address,
          '.withExitFlush(60_000)', // delivery is under test here, not the default budget
          `for (let i = 0; i < 1000; i++) {
             client.endSpan(client.startSpan('span-' + i));
             client.logInfo('log-' + i);
           }`,
        ),
      );
      expect(new Set(collector.spanNames).size).toBe(1000);
      expect(new Set(collector.logBodies).size).toBe(1000);
      reportFigures(`${protocol}: natural exit, 1000 spans + 1000 logs`, { delivered: 2000, afterReturnMs });
    } finally {
      await collector.close();
    }
  });
});

describe('a script that returns while nothing can be sent', () => {
  it('exits within the exit-flush budget and says once what it could not send', async () => {
    const nowhere = `127.0.0.1:${await freePort()}`;
    const budgetMs = 500;
    const { stderr, afterReturnMs } = await runToExit(
      script(
        'http',
        nowhere,
        `.withRetry(true, 5, 60_000).withExitFlush(${budgetMs})`,
        `for (let i = 0; i < 10; i++) client.logInfo('log-' + i);`,
      ),
    );
    expect(afterReturnMs).toBeLessThanOrEqual(EXIT_BOUND_MS);
    const reports = stderr.split('\n').filter((line) => line.includes('TF_EXIT_DROPPED'));
    expect(reports).toHaveLength(1);
    expect(reports[0]).toContain(
      '10 log records not sent before the process exited (exit flush budget 500 ms',
    );
    expect(stderr).not.toContain(SECRET);
    reportFigures('http: natural exit, collector absent', { budgetMs, afterReturnMs });
  });

  it.each(['grpc', 'http'] as const)(
    'does not stay alive for the request deadline when the %s collector accepts and never answers',
    async (protocol) => {
      const collector = await startCollector(protocol);
      collector.fault = { kind: 'hang' };
      const budgetMs = 500;
      try {
        const { stderr, afterReturnMs } = await runToExit(
          script(
            protocol,
            collector.address,
            `.withTimeout(30_000).withExitFlush(${budgetMs})`,
            // More than a batch (512): a request is in flight when the script returns.
            `for (let i = 0; i < 600; i++) client.logInfo('log-' + i);`,
          ),
        );
        expect(collector.received('logs')).toBeGreaterThan(0); // the requests were in flight
        expect(afterReturnMs).toBeLessThanOrEqual(EXIT_BOUND_MS); // not the 30 s request deadline
        expect(stderr).toContain('600 log records not sent before the process exited');
        reportFigures(`${protocol}: natural exit, collector hangs`, { budgetMs, afterReturnMs });
      } finally {
        await collector.close();
      }
    },
  );
});
