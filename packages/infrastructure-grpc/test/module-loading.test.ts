import { describe, expect, it } from 'vitest';
import { GrpcTransport } from '../src/grpc-transport.js';
import type { GrpcTransportParts } from '../src/grpc-transport.js';

/** A transport whose modules load as `ready` says; it must never reach `connect` when they do not. */
const transportWith = (ready: () => Promise<void>): { transport: GrpcTransport; connects: number[] } => {
  const connects: number[] = [];
  const parts: GrpcTransportParts = {
    connect: () => {
      connects.push(1);
      throw new Error('connect must not be called');
    },
    ready,
    readResponse: () => ({ status: 'success' }),
    redact: (text) => text.replaceAll('tfs_secret', '[REDACTED]'),
    maxSendMessageSize: 4 * 1024 * 1024,
  };
  return { transport: new GrpcTransport(parts), connects };
};

describe('GrpcTransport loading grpc-js at the first send', () => {
  it('fails the send, without throwing, when grpc-js cannot be loaded (a bundle that left it out)', async () => {
    const { transport, connects } = transportWith(() =>
      Promise.reject(new Error("Cannot find module '@grpc/grpc-js' (tfs_secret)")),
    );
    const outcome = await transport.send('traces', new Uint8Array(), { timeoutMs: 30_000 });
    expect(outcome).toEqual({
      status: 'failed',
      reason: "INTERNAL: could not load the gRPC modules: Cannot find module '@grpc/grpc-js' ([REDACTED])",
    });
    expect(connects).toEqual([]);
  });

  it('makes no call when shut down while the modules load', async () => {
    let loaded!: () => void;
    const { transport, connects } = transportWith(() => new Promise<void>((resolve) => (loaded = resolve)));
    const sending = transport.send('logs', new Uint8Array(), { timeoutMs: 30_000 });
    await transport.shutdown();
    loaded();
    expect(await sending).toMatchObject({ status: 'failed' });
    expect(connects).toEqual([]);
  });
});
