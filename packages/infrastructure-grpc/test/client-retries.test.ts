import { AMPLE_MS, waitFor } from '@telemetryflow-internal/test-utils';
import { grpcReply, startGrpcReceiver } from '@telemetryflow-internal/test-utils/grpc-receiver';
import type { GrpcReceiver } from '@telemetryflow-internal/test-utils/grpc-receiver';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GrpcStatus } from '../src/index.js';
import { clientFor } from './support/fixtures.js';
import { guardProcess } from './support/guards.js';

guardProcess();

describe('the TelemetryFlow client over gRPC when exports fail', () => {
  let receiver: GrpcReceiver;

  beforeEach(async () => {
    receiver = await startGrpcReceiver();
  });

  afterEach(async () => {
    await receiver.close();
  });

  describe('retries', () => {
    const retryable = [
      'CANCELLED',
      'DEADLINE_EXCEEDED',
      'ABORTED',
      'OUT_OF_RANGE',
      'UNAVAILABLE',
      'DATA_LOSS',
    ] as const;
    const failed = [
      'UNKNOWN',
      'INVALID_ARGUMENT',
      'NOT_FOUND',
      'ALREADY_EXISTS',
      'PERMISSION_DENIED',
      'RESOURCE_EXHAUSTED',
      'FAILED_PRECONDITION',
      'INTERNAL',
      'UNAUTHENTICATED',
    ] as const;

    const exportOneSpanAgainst = async (code: number) => {
      receiver.respond = () => grpcReply.status(code, 'nope');
      const { client } = clientFor(receiver, { tracesOnly: true, maxRetries: 2, retryBackoffMs: 5 });
      client.initialize();
      client.endSpan(client.startSpan('op'));
      await client.shutdown(AMPLE_MS);
      return client.getStatus().signals.traces;
    };

    it.each(retryable)('retries %s until maxRetries, then counts the span as failed', async (name) => {
      const stats = await exportOneSpanAgainst(GrpcStatus[name]);

      expect(receiver.requestsOf('traces')).toHaveLength(3);
      expect(stats).toMatchObject({ retries: 2, failed: 1, exported: 0 });
      expect(stats.lastError).toBe(`${name}: nope (gave up after 2 retries)`);
    });

    it.each(failed)('does not retry %s', async (name) => {
      const stats = await exportOneSpanAgainst(GrpcStatus[name]);

      expect(receiver.requestsOf('traces')).toHaveLength(1);
      expect(stats).toMatchObject({ retries: 0, failed: 1, lastError: `${name}: nope` });
    });

    it('does not retry UNIMPLEMENTED, and names the method and the target that lack it', async () => {
      const stats = await exportOneSpanAgainst(GrpcStatus.UNIMPLEMENTED);

      expect(receiver.requestsOf('traces')).toHaveLength(1);
      expect(stats).toMatchObject({
        retries: 0,
        failed: 1,
        lastError:
          'UNIMPLEMENTED: nope (/opentelemetry.proto.collector.trace.v1.TraceService/Export at ' +
          `${receiver.address}: the server takes no OTLP traces, or is not an OTLP/gRPC receiver)`,
      });
    });

    it('retries RESOURCE_EXHAUSTED with RetryInfo after the delay the collector asked for', async () => {
      let calls = 0;
      receiver.respond = () =>
        ++calls === 1
          ? grpcReply.status(GrpcStatus.RESOURCE_EXHAUSTED, 'slow down', { retryDelayMs: 300 })
          : grpcReply.ok();
      // A 60 s backoff: only the collector's delay lets the retry happen within the test.
      const { client } = clientFor(receiver, { tracesOnly: true, retryBackoffMs: 60_000 });
      client.initialize();
      client.endSpan(client.startSpan('op'));
      await waitFor(() => receiver.spans().length === 1, 'the retried span');
      await client.shutdown(AMPLE_MS);

      const [first, second] = receiver.requestsOf('traces');
      expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(250);
      expect(client.getStatus().signals.traces).toMatchObject({ retries: 1, exported: 1, failed: 0 });
    });
  });

  describe('deadlines', () => {
    it('gives up on a collector that never answers after timeoutMs, with DEADLINE_EXCEEDED', async () => {
      receiver.respond = () => grpcReply.hang();
      const { client } = clientFor(receiver, { tracesOnly: true, timeoutMs: 200, maxRetries: 0 });
      client.initialize();
      client.endSpan(client.startSpan('op'));

      await waitFor(() => client.getStatus().signals.traces.failed === 1, 'the export to fail');
      await client.shutdown(AMPLE_MS);

      expect(client.getStatus().signals.traces.lastError).toMatch(/^DEADLINE_EXCEEDED: /);
    });

    it('shuts down within its timeout while a call hangs, counting the span as dropped', async () => {
      receiver.respond = () => grpcReply.hang();
      const { client } = clientFor(receiver, { tracesOnly: true, timeoutMs: 60_000 });
      client.initialize();
      client.endSpan(client.startSpan('op'));
      await waitFor(() => receiver.requests.length === 1, 'the call');

      await client.shutdown(300);

      expect(client.getStatus().signals.traces).toMatchObject({ dropped: 1, queued: 0 });
    });
  });
});
