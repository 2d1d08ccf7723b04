import { AMPLE_MS } from '@telemetryflow-internal/test-utils';
import { describe, it } from 'vitest';
import { reportFigures } from '../support/figures.js';
import { runFaultScenario } from '../support/fault-run.js';
import { guardProcess } from '../support/process-guard.js';

guardProcess();

const UNAVAILABLE = 14;
const RESOURCE_EXHAUSTED = 8;

describe('the client over gRPC when the collector misbehaves', () => {
  it('keeps recording, bounds memory and recovers when no collector is listening at start', async () => {
    const figures = await runFaultScenario({
      protocol: 'grpc',
      fault: 'absent',
      retryable: true,
      maxRetries: 2,
      retryBackoffMs: 20,
      timeoutMs: AMPLE_MS, // not under test: these requests end before any deadline
    });
    reportFigures('grpc: collector absent at start', figures);
  });

  it('gives up on a collector that accepts and never answers after maxRetries deadlines', async () => {
    const figures = await runFaultScenario({
      protocol: 'grpc',
      fault: { kind: 'hang' },
      retryable: true,
      maxRetries: 1,
      retryBackoffMs: 20,
      timeoutMs: 300,
      // Shorter than one request: shutdown has to cut requests in flight.
      shutdownTimeoutMs: 200,
    });
    reportFigures('grpc: collector hangs', figures);
  });

  it('gives up on a TCP black hole (connection accepted, no HTTP/2 handshake) after maxRetries deadlines', async () => {
    const figures = await runFaultScenario({
      protocol: 'grpc',
      fault: 'black-hole',
      retryable: true,
      maxRetries: 1,
      retryBackoffMs: 20,
      timeoutMs: 300,
      shutdownTimeoutMs: 200,
    });
    reportFigures('grpc: TCP black hole', figures);
  });

  it('retries UNAVAILABLE up to maxRetries with backoff', async () => {
    const figures = await runFaultScenario({
      protocol: 'grpc',
      fault: { kind: 'grpc-status', code: UNAVAILABLE },
      retryable: true,
      maxRetries: 3,
      retryBackoffMs: 20,
      timeoutMs: AMPLE_MS, // not under test: these requests end before any deadline
    });
    reportFigures('grpc: UNAVAILABLE', figures);
  });

  it('waits the RetryInfo delay of RESOURCE_EXHAUSTED, not its own 60 s backoff', async () => {
    const figures = await runFaultScenario({
      protocol: 'grpc',
      fault: { kind: 'grpc-status', code: RESOURCE_EXHAUSTED, retryDelayMs: 250 },
      retryable: true,
      maxRetries: 2,
      // Only the collector's delay lets the retries happen within the test.
      retryBackoffMs: 60_000,
      timeoutMs: AMPLE_MS, // not under test: these requests end before any deadline
    });
    reportFigures('grpc: RESOURCE_EXHAUSTED + RetryInfo 250 ms', figures);
  });

  it('does not retry RESOURCE_EXHAUSTED without RetryInfo', async () => {
    const figures = await runFaultScenario({
      protocol: 'grpc',
      fault: { kind: 'grpc-status', code: RESOURCE_EXHAUSTED },
      retryable: false,
      maxRetries: 3,
      retryBackoffMs: 20,
      timeoutMs: AMPLE_MS, // not under test: these requests end before any deadline
    });
    reportFigures('grpc: RESOURCE_EXHAUSTED without RetryInfo', figures);
  });
});
