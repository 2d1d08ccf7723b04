import { AMPLE_MS } from '@telemetryflow-internal/test-utils';
import { startGrpcReceiver } from '@telemetryflow-internal/test-utils/grpc-receiver';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GRPC_USER_AGENT } from '../src/index.js';
import { clientFor, configFor, logsRequest, transportFor } from './support/fixtures.js';
import { guardProcess } from './support/guards.js';
import { startWireSniffer } from './support/wire-sniffer.js';

guardProcess();

// Long enough for gzip to pay off, so compressed and plain sizes differ.
const BODY = logsRequest('compress me '.repeat(10));

describe('compression on the wire', () => {
  let sniffer: Awaited<ReturnType<typeof startWireSniffer>>;

  beforeEach(async () => {
    sniffer = await startWireSniffer();
  });

  afterEach(async () => {
    await sniffer.close();
  });

  it('gzips each message and says so in grpc-encoding when compression is on', async () => {
    const { transport } = transportFor(configFor(sniffer.address, { compression: true }));

    expect(await transport.send('logs', BODY, { timeoutMs: AMPLE_MS })).toEqual({ status: 'success' });
    await transport.shutdown();

    const [request] = sniffer.requests;
    expect(request?.headers['grpc-encoding']).toBe('gzip');
    expect(request?.compressedFlag).toBe(1);
    expect(request?.wireBytes).toBeLessThan(BODY.byteLength);
    expect(request?.message.equals(BODY)).toBe(true);
  });

  it('sends the message as it is when compression is off', async () => {
    const { transport } = transportFor(configFor(sniffer.address, { compression: false }));

    expect(await transport.send('logs', BODY, { timeoutMs: AMPLE_MS })).toEqual({ status: 'success' });
    await transport.shutdown();

    const [request] = sniffer.requests;
    expect(request?.headers['grpc-encoding'] ?? 'identity').toBe('identity');
    expect(request?.compressedFlag).toBe(0);
    expect(request?.message.equals(BODY)).toBe(true);
  });

  it("keeps gRPC's own content-type and puts the SDK first in the user agent", async () => {
    const { transport } = transportFor(configFor(sniffer.address));
    await transport.send('traces', new Uint8Array(), { timeoutMs: AMPLE_MS });
    await transport.shutdown();

    const headers = sniffer.requests[0]?.headers ?? {};
    expect(headers['content-type']).toBe('application/grpc');
    expect(headers[':path']).toBe('/opentelemetry.proto.collector.trace.v1.TraceService/Export');
    expect(headers['user-agent']).toMatch(new RegExp(`^${GRPC_USER_AGENT.replace(/\./g, '\\.')} `));
    expect(headers['grpc-timeout']).toMatch(/^\d+[mu]$/);
  });
});

describe('a collector receiving compressed and plain exports', () => {
  it.each([true, false])('decodes what the client sends with compression %s', async (compression) => {
    await using receiver = await startGrpcReceiver();
    const { client } = clientFor(receiver, { compression });
    client.initialize();
    client.logInfo(`compression ${String(compression)}`);
    await client.shutdown(AMPLE_MS);

    expect(receiver.logs()).toHaveLength(1);
    expect(client.getStatus().signals.logs).toMatchObject({ exported: 1, failed: 0 });
  });
});
