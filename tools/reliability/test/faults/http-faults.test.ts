import { AMPLE_MS } from '@telemetryflow-internal/test-utils';
import { describe, it } from 'vitest';
import { reportFigures } from '../support/figures.js';
import { runFaultScenario } from '../support/fault-run.js';
import { guardProcess } from '../support/process-guard.js';

guardProcess();

describe('the client over HTTP when the collector misbehaves', () => {
  it('keeps recording, bounds memory and recovers when no collector is listening at start', async () => {
    const figures = await runFaultScenario({
      protocol: 'http',
      fault: 'absent',
      retryable: true,
      maxRetries: 2,
      retryBackoffMs: 20,
      timeoutMs: AMPLE_MS, // not under test: these requests end before any deadline
    });
    reportFigures('http: collector absent at start', figures);
  });

  it('gives up on a collector that accepts and never answers after maxRetries deadlines', async () => {
    const figures = await runFaultScenario({
      protocol: 'http',
      fault: { kind: 'hang' },
      retryable: true,
      maxRetries: 1,
      retryBackoffMs: 20,
      timeoutMs: 300,
      shutdownTimeoutMs: 200,
    });
    reportFigures('http: collector hangs', figures);
  });

  it('gives up on a TCP black hole (connection accepted, no HTTP response) after maxRetries deadlines', async () => {
    const figures = await runFaultScenario({
      protocol: 'http',
      fault: 'black-hole',
      retryable: true,
      maxRetries: 1,
      retryBackoffMs: 20,
      timeoutMs: 300,
      shutdownTimeoutMs: 200,
    });
    reportFigures('http: TCP black hole', figures);
  });

  it('waits the Retry-After of a 429, not its own 60 s backoff', async () => {
    const figures = await runFaultScenario({
      protocol: 'http',
      fault: { kind: 'http-status', status: 429, retryAfter: '1' },
      retryable: true,
      maxRetries: 1,
      // Only the collector's Retry-After lets the retry happen within the test.
      retryBackoffMs: 60_000,
      timeoutMs: AMPLE_MS, // not under test: these requests end before any deadline
    });
    reportFigures('http: 429 + Retry-After 1 s', figures);
  });

  it('retries a 503 up to maxRetries with backoff', async () => {
    const figures = await runFaultScenario({
      protocol: 'http',
      fault: { kind: 'http-status', status: 503 },
      retryable: true,
      maxRetries: 3,
      retryBackoffMs: 20,
      timeoutMs: AMPLE_MS, // not under test: these requests end before any deadline
    });
    reportFigures('http: 503', figures);
  });

  it('does not retry a 400', async () => {
    const figures = await runFaultScenario({
      protocol: 'http',
      fault: { kind: 'http-status', status: 400 },
      retryable: false,
      maxRetries: 3,
      retryBackoffMs: 20,
      timeoutMs: AMPLE_MS, // not under test: these requests end before any deadline
    });
    reportFigures('http: 400', figures);
  });
});
