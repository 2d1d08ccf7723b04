import { AMPLE_MS, anyValue, waitFor } from '@telemetryflow-internal/test-utils';
import { grpcReply, startGrpcReceiver } from '@telemetryflow-internal/test-utils/grpc-receiver';
import type { GrpcReceiver } from '@telemetryflow-internal/test-utils/grpc-receiver';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configFor, logsRequest, transportFor } from './support/fixtures.js';
import { guardProcess } from './support/guards.js';

guardProcess();

const EMPTY = new Uint8Array();

describe('GrpcTransport', () => {
  let receiver: GrpcReceiver;

  beforeEach(async () => {
    receiver = await startGrpcReceiver();
  });

  afterEach(async () => {
    await receiver.close();
  });

  describe('send', () => {
    it('delivers the bytes as they are to the Export method of each signal', async () => {
      const { transport } = transportFor(configFor(receiver.address));
      const body = logsRequest('hello over grpc');

      expect(await transport.send('logs', body, { timeoutMs: AMPLE_MS })).toEqual({ status: 'success' });
      expect(await transport.send('traces', EMPTY, { timeoutMs: AMPLE_MS })).toEqual({ status: 'success' });
      expect(await transport.send('metrics', EMPTY, { timeoutMs: AMPLE_MS })).toEqual({ status: 'success' });
      await transport.shutdown();

      expect(receiver.requests.map((r) => r.signal)).toEqual(['logs', 'traces', 'metrics']);
      expect(receiver.requests[0]?.bytes).toBe(body.byteLength);
      expect(receiver.logs().map((l) => anyValue(l.item['body']))).toEqual(['hello over grpc']);
    });

    it('reuses one connection for every call', async () => {
      const { transport } = transportFor(configFor(receiver.address));
      for (let i = 0; i < 3; i++) await transport.send('traces', EMPTY, { timeoutMs: AMPLE_MS });
      await transport.shutdown();

      expect(new Set(receiver.requests.map((r) => r.peer)).size).toBe(1);
    });

    it.each(['traces', 'metrics', 'logs'] as const)(
      'reads a %s partial success into rejectedItems and message',
      async (signal) => {
        receiver.respond = () => grpcReply.partialSuccess(3, 'three were too old');
        const { transport } = transportFor(configFor(receiver.address));

        const outcome = await transport.send(signal, EMPTY, { timeoutMs: AMPLE_MS });
        await transport.shutdown();

        expect(outcome).toEqual({ status: 'success', rejectedItems: 3, message: 'three were too old' });
      },
    );

    it('reports a partial success warning without rejected items as a plain message', async () => {
      receiver.respond = () => grpcReply.partialSuccess(0, 'deprecated field used');
      const { transport } = transportFor(configFor(receiver.address));

      const outcome = await transport.send('traces', EMPTY, { timeoutMs: AMPLE_MS });
      await transport.shutdown();

      expect(outcome).toEqual({ status: 'success', message: 'deprecated field used' });
    });

    it('answers failed RESOURCE_EXHAUSTED for a request over the send size limit', async () => {
      const { transport } = transportFor(configFor(receiver.address, { grpcMaxSendMessageSize: 8 }));

      const outcome = await transport.send('logs', logsRequest('longer than eight bytes'), {
        timeoutMs: AMPLE_MS,
      });
      await transport.shutdown();

      expect(outcome).toMatchObject({
        status: 'failed',
        reason: expect.stringMatching(/^RESOURCE_EXHAUSTED/) as unknown,
      });
      expect(receiver.requests).toHaveLength(0);
    });

    it('tells the client its send size limit, so larger batches are cut before they are sent', async () => {
      const { transport } = transportFor(configFor(receiver.address, { grpcMaxSendMessageSize: 1_234 }));
      await transport.shutdown();

      expect(transport.maxRequestBytes).toBe(1_234);
    });
  });

  describe('shutdown', () => {
    it('makes later sends fail without a call', async () => {
      const { transport } = transportFor(configFor(receiver.address));
      await transport.shutdown();

      const outcome = await transport.send('traces', EMPTY, { timeoutMs: AMPLE_MS });

      expect(outcome).toEqual({ status: 'failed', reason: 'CANCELLED: the gRPC transport is shut down' });
      expect(receiver.requests).toHaveLength(0);
    });

    it('ends calls in flight as failed instead of waiting for their deadline', async () => {
      receiver.respond = () => grpcReply.hang();
      const { transport } = transportFor(configFor(receiver.address));
      const sent = transport.send('traces', EMPTY, { timeoutMs: 60_000 });
      await waitForRequests(receiver, 1);

      await transport.shutdown();

      expect(await sent).toEqual({ status: 'failed', reason: 'CANCELLED: the gRPC transport is shut down' });
    });

    it('can be called twice', async () => {
      const { transport } = transportFor(configFor(receiver.address));
      await transport.shutdown();
      await expect(transport.shutdown()).resolves.toBeUndefined();
    });
  });
});

const waitForRequests = async (receiver: GrpcReceiver, count: number): Promise<void> => {
  await waitFor(() => receiver.requests.length >= count, `${count} request(s)`);
};
