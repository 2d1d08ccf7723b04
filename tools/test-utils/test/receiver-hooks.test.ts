import { Client, credentials } from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { startGrpcReceiver } from '../src/grpc-receiver/index.js';
import { startHttpReceiver } from '../src/http-receiver/index.js';
import { encodeRequest } from '../src/index.js';

const LOGS_REQUEST = Buffer.from(
  encodeRequest('logs', {
    resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: { stringValue: 'hi' } }] }] }],
  }),
);

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

const post = (url: string, body: Buffer) =>
  fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/x-protobuf' } });

const exportLogs = (client: Client): Promise<void> =>
  new Promise((resolve, reject) => {
    client.makeUnaryRequest(
      '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
      (b: Buffer) => b,
      (b: Buffer) => b,
      LOGS_REQUEST,
      (error) => (error ? reject(error) : resolve()),
    );
  });

describe('receiver hooks', () => {
  it('the HTTP receiver reports accepted requests and keeps only the last `retain`', async () => {
    const seen: unknown[] = [];
    const receiver = await startHttpReceiver({
      retain: 2,
      onAccepted: (signal, request) => seen.push([signal, request['resourceLogs']]),
    });
    closers.push(() => receiver.close());
    for (let i = 0; i < 3; i++)
      expect((await post(`${receiver.url}/v1/logs`, LOGS_REQUEST)).status).toBe(200);
    receiver.respond = () => ({ status: 503 });
    expect((await post(`${receiver.url}/v1/logs`, LOGS_REQUEST)).status).toBe(503);
    expect(seen).toHaveLength(3);
    expect(seen[0]).toMatchObject([
      'logs',
      [{ scopeLogs: [{ logRecords: [{ body: { stringValue: 'hi' } }] }] }],
    ]);
    expect(receiver.requests.map((r) => r.status)).toEqual([200, 503]);
  });

  it('the gRPC receiver reports accepted calls and keeps only the last `retain`', async () => {
    const seen: string[] = [];
    const receiver = await startGrpcReceiver({ retain: 1, onAccepted: (signal) => seen.push(signal) });
    closers.push(() => receiver.close());
    const client = new Client(receiver.address, credentials.createInsecure());
    closers.push(() => client.close());
    await exportLogs(client);
    await exportLogs(client);
    expect(seen).toEqual(['logs', 'logs']);
    expect(receiver.requests.map((r) => r.index)).toEqual([2]);
    expect(receiver.logs()).toHaveLength(1);
  });
});
