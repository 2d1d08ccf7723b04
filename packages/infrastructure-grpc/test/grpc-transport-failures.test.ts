import { AMPLE_MS, waitFor } from '@telemetryflow-internal/test-utils';
import { grpcReply, startGrpcReceiver } from '@telemetryflow-internal/test-utils/grpc-receiver';
import type { GrpcReceiver } from '@telemetryflow-internal/test-utils/grpc-receiver';
import { encodeStatusDetails } from '@telemetryflow-internal/test-utils/grpc-receiver';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GrpcStatus } from '../src/index.js';
import { SECRET, configFor, transportFor } from './support/fixtures.js';
import { guardProcess } from './support/guards.js';

guardProcess();

const EMPTY = new Uint8Array();

describe('GrpcTransport outcomes', () => {
  let receiver: GrpcReceiver;

  beforeEach(async () => {
    receiver = await startGrpcReceiver();
  });

  afterEach(async () => {
    await receiver.close();
  });

  describe('send', () => {
    it('answers retryable with the status name and details for UNAVAILABLE', async () => {
      receiver.respond = () => grpcReply.status(GrpcStatus.UNAVAILABLE, 'collector restarting');
      const { transport } = transportFor(configFor(receiver.address));

      const outcome = await transport.send('traces', EMPTY, { timeoutMs: AMPLE_MS });
      await transport.shutdown();

      expect(outcome).toEqual({ status: 'retryable', reason: 'UNAVAILABLE: collector restarting' });
    });

    it('answers retryable with the RetryInfo delay for RESOURCE_EXHAUSTED with RetryInfo', async () => {
      receiver.respond = () =>
        grpcReply.status(GrpcStatus.RESOURCE_EXHAUSTED, 'slow down', { retryDelayMs: 1_500 });
      const { transport } = transportFor(configFor(receiver.address));

      const outcome = await transport.send('metrics', EMPTY, { timeoutMs: AMPLE_MS });
      await transport.shutdown();

      expect(outcome).toEqual({
        status: 'retryable',
        retryAfterMs: 1_500,
        reason: 'RESOURCE_EXHAUSTED: slow down',
      });
    });

    it('answers failed for RESOURCE_EXHAUSTED without RetryInfo', async () => {
      receiver.respond = () => grpcReply.status(GrpcStatus.RESOURCE_EXHAUSTED, 'quota gone');
      const { transport } = transportFor(configFor(receiver.address));

      const outcome = await transport.send('metrics', EMPTY, { timeoutMs: AMPLE_MS });
      await transport.shutdown();

      expect(outcome).toEqual({ status: 'failed', reason: 'RESOURCE_EXHAUSTED: quota gone' });
    });

    it('honours a RetryInfo delay on other retryable codes too', async () => {
      receiver.respond = () => grpcReply.status(GrpcStatus.UNAVAILABLE, 'draining', { retryDelayMs: 250 });
      const { transport } = transportFor(configFor(receiver.address));

      const outcome = await transport.send('logs', EMPTY, { timeoutMs: AMPLE_MS });
      await transport.shutdown();

      expect(outcome).toMatchObject({ status: 'retryable', retryAfterMs: 250 });
    });

    it('ignores status details that do not decode', async () => {
      receiver.respond = () => ({
        kind: 'status',
        code: GrpcStatus.RESOURCE_EXHAUSTED,
        details: 'garbled',
        statusDetails: Uint8Array.from([0x1a, 0xff, 0x01]),
      });
      const { transport } = transportFor(configFor(receiver.address));

      const outcome = await transport.send('logs', EMPTY, { timeoutMs: AMPLE_MS });
      await transport.shutdown();

      expect(outcome).toEqual({ status: 'failed', reason: 'RESOURCE_EXHAUSTED: garbled' });
    });

    it('ignores status details with other detail types', async () => {
      const statusDetails = encodeStatusDetails({
        code: GrpcStatus.RESOURCE_EXHAUSTED,
        extraDetails: [{ typeUrl: 'type.googleapis.com/google.rpc.DebugInfo', value: Uint8Array.from([]) }],
      });
      receiver.respond = () => ({ kind: 'status', code: GrpcStatus.RESOURCE_EXHAUSTED, statusDetails });
      const { transport } = transportFor(configFor(receiver.address));

      const outcome = await transport.send('logs', EMPTY, { timeoutMs: AMPLE_MS });
      await transport.shutdown();

      expect(outcome).toEqual({ status: 'failed', reason: 'RESOURCE_EXHAUSTED' });
    });

    it('never returns the API key secret, even when the server echoes it', async () => {
      receiver.respond = (request) =>
        grpcReply.status(GrpcStatus.UNAUTHENTICATED, `bad key ${request.metadata['authorization']}`);
      const { transport } = transportFor(configFor(receiver.address));

      const outcome = await transport.send('traces', EMPTY, { timeoutMs: AMPLE_MS });
      await transport.shutdown();

      expect(outcome.status).toBe('failed');
      expect(JSON.stringify(outcome)).not.toContain(SECRET);
      expect(JSON.stringify(outcome)).toContain('UNAUTHENTICATED: bad key Bearer tfk_grpc-test-key:');
    });

    it('answers DEADLINE_EXCEEDED, retryable, when the collector does not answer in time', async () => {
      receiver.respond = () => grpcReply.hang();
      const { transport } = transportFor(configFor(receiver.address));

      // A deadline long enough for the call to reach the collector on a busy machine.
      const outcome = await transport.send('traces', EMPTY, { timeoutMs: 1_500 });
      await transport.shutdown();

      expect(outcome.status).toBe('retryable');
      expect(outcome).toMatchObject({ reason: 'DEADLINE_EXCEEDED: no answer within 1500 ms' });
      // The collector learns the deadline (grpc-timeout), so it can stop working for nobody.
      const [call] = receiver.requests;
      expect(call?.timeoutMs).toBeGreaterThan(0);
      expect(call?.timeoutMs).toBeLessThanOrEqual(1_500);
    });

    it('sends no deadline for a call without a timeout', async () => {
      const { transport } = transportFor(configFor(receiver.address));

      const outcome = await transport.send('traces', EMPTY, { timeoutMs: Infinity });
      await transport.shutdown();

      expect(outcome.status).toBe('success');
      expect(receiver.requests[0]?.timeoutMs).toBe(Infinity);
    });

    it('answers retryable UNAVAILABLE when nothing listens', async () => {
      const address = receiver.address;
      await receiver.close();
      const { transport } = transportFor(configFor(address));

      const outcome = await transport.send('traces', EMPTY, { timeoutMs: AMPLE_MS });
      await transport.shutdown();

      expect(outcome).toMatchObject({
        status: 'retryable',
        reason: expect.stringMatching(/^UNAVAILABLE: /) as unknown,
      });
    });

    it('answers retryable when the connection is lost during a call', async () => {
      receiver.respond = () => grpcReply.hang();
      const { transport } = transportFor(configFor(receiver.address));

      const sent = transport.send('traces', EMPTY, { timeoutMs: AMPLE_MS });
      await waitForRequests(receiver, 1);
      await receiver.close();
      const outcome = await sent;
      await transport.shutdown();

      expect(outcome).toMatchObject({
        status: 'retryable',
        reason: expect.stringMatching(/^(CANCELLED|UNAVAILABLE): /) as unknown,
      });
    });
  });
});

const waitForRequests = async (receiver: GrpcReceiver, count: number): Promise<void> => {
  await waitFor(() => receiver.requests.length >= count, `${count} request(s)`);
};
