import { gzipSync } from 'node:zlib';
import { waitFor } from '@telemetryflow-internal/test-utils';
import { startHttpReceiver } from '@telemetryflow-internal/test-utils/http-receiver';
import { describe, expect, it } from 'vitest';
import { guardProcess, receiverFor } from './helpers.js';

guardProcess();

const post = async (
  url: string,
  headers: Record<string, string> = {},
  body: Uint8Array = new Uint8Array(0),
) => {
  const res = await fetch(url, { method: 'POST', headers, body });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
};

describe('the test receiver in telemetryflow mode (emulating the TelemetryFlow collector)', () => {
  it('answers 200 {} as JSON on /v1 without auth', async () => {
    const receiver = await receiverFor({ mode: 'telemetryflow' });
    await expect(post(`${receiver.url}/v1/logs`)).resolves.toEqual({
      status: 200,
      type: 'application/json',
      text: '{}',
    });
  });

  it('checks the key ID on /v2: missing or malformed 401, off the allow-list 403', async () => {
    const receiver = await receiverFor({ mode: 'telemetryflow', allowedKeyIds: ['tfk_allowed'] });
    const v2 = `${receiver.url}/v2/traces`;
    await expect(post(v2)).resolves.toMatchObject({
      status: 401,
      text: '{"error":"missing TelemetryFlow API Key ID"}',
    });
    await expect(post(v2, { 'X-TelemetryFlow-Key-ID': 'key_1' })).resolves.toMatchObject({
      status: 401,
      text: '{"error":"invalid TelemetryFlow API Key ID format (expected tfk_xxx)"}',
    });
    await expect(post(v2, { 'X-TelemetryFlow-Key-ID': 'tfk_other' })).resolves.toMatchObject({
      status: 403,
      text: '{"error":"API Key ID not authorized"}',
    });
    await expect(post(v2, { 'X-TelemetryFlow-Key-ID': 'tfk_allowed' })).resolves.toMatchObject({
      status: 200,
    });
  });

  it('checks the secret on /v2 only when asked to', async () => {
    const receiver = await receiverFor({ mode: 'telemetryflow', validateSecret: true });
    const headers = { 'X-TelemetryFlow-Key-ID': 'tfk_a' };
    await expect(post(`${receiver.url}/v2/metrics`, headers)).resolves.toMatchObject({ status: 401 });
    await expect(
      post(`${receiver.url}/v2/metrics`, { ...headers, 'X-TelemetryFlow-Key-Secret': 'tfs_b' }),
    ).resolves.toMatchObject({ status: 200 });
  });

  it('cannot decompress: a gzip body fails to unmarshal with 400, and the receiver still records it', async () => {
    const receiver = await receiverFor({ mode: 'telemetryflow' });
    const gzipped = gzipSync(new Uint8Array(0));
    await expect(
      post(`${receiver.url}/v1/traces`, { 'Content-Encoding': 'gzip' }, gzipped),
    ).resolves.toMatchObject({
      status: 400,
      text: 'Failed to unmarshal traces\n',
    });
    expect(receiver.requests[0]).toMatchObject({ signal: 'traces', gzip: true, status: 400 });
    expect(receiver.requests[0]?.request).toEqual({ resourceSpans: [] });
  });

  it('serves POST on /v1 and /v2 only', async () => {
    const receiver = await receiverFor({ mode: 'telemetryflow' });
    expect((await fetch(`${receiver.url}/v1/traces`)).status).toBe(405);
    await expect(post(`${receiver.url}/custom/traces`)).resolves.toMatchObject({ status: 404 });
  });
});

describe('the test receiver', () => {
  it('closes with a request hanging, and refuses bodies over its limit', async () => {
    const receiver = await startHttpReceiver({ maxBodyBytes: 10 });
    await expect(post(`${receiver.url}/v1/logs`, {}, new Uint8Array(11))).resolves.toMatchObject({
      status: 413,
    });
    receiver.respond = () => ({ hang: true });
    const hanging = post(`${receiver.url}/v1/logs`).catch((error: unknown) => error);
    await waitFor(() => receiver.requests.length === 2, 'the hanging request to arrive');
    await receiver.close();
    await expect(hanging).resolves.toBeInstanceOf(Error);
    expect(receiver.requests.map((r) => r.status)).toEqual([413, undefined]);
  });
});
