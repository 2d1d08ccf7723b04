import { AMPLE_MS } from '@telemetryflow-internal/test-utils';
import { describe, expect, it } from 'vitest';
import { USER_AGENT } from '../src/user-agent.js';
import { KEY_ID, SECRET, builderFor, guardProcess, receiverFor, spanNames, started } from './helpers.js';

guardProcess();

describe('OTLP/HTTP paths', () => {
  it('posts to /v2/{signal} with X-TelemetryFlow-API-Version: v2 when the v2 API is on', async () => {
    const receiver = await receiverFor({ mode: 'telemetryflow' });
    const client = started(builderFor(receiver).withV2Api());
    client.span('v2-span', () => client.logInfo('v2 log'));
    await client.shutdown(AMPLE_MS);

    expect(new Set(receiver.requests.map((r) => r.path))).toEqual(new Set(['/v2/traces', '/v2/logs']));
    expect(receiver.requests.map((r) => r.headers['x-telemetryflow-api-version'])).toEqual(['v2', 'v2']);
    expect(spanNames(receiver)).toEqual(['v2-span']);
  });

  it('sends no API version header on /v1', async () => {
    const receiver = await receiverFor({ mode: 'telemetryflow' });
    const client = started(builderFor(receiver).withTracesOnly());
    client.span('v1-span', () => undefined);
    await client.shutdown(AMPLE_MS);

    expect(receiver.requests.map((r) => r.path)).toEqual(['/v1/traces']);
    expect(receiver.requests[0]?.headers).not.toHaveProperty('x-telemetryflow-api-version');
  });

  it('uses a per-signal path override, and the other signals keep theirs', async () => {
    const receiver = await receiverFor();
    const client = started(builderFor(receiver).withSignalPath('traces', '/otlp/custom/traces'));
    client.span('custom', () => client.logInfo('default path'));
    await client.shutdown(AMPLE_MS);

    expect(new Set(receiver.requests.map((r) => r.path))).toEqual(
      new Set(['/otlp/custom/traces', '/v1/logs']),
    );
    expect(spanNames(receiver)).toEqual(['custom']);
  });

  it('keeps the path prefix of an endpoint given as a URL', async () => {
    const receiver = await receiverFor();
    const client = started(builderFor(receiver).withEndpoint(`${receiver.url}/collector/`).withTracesOnly());
    client.span('prefixed', () => undefined);
    await client.shutdown(AMPLE_MS);

    expect(receiver.requests.map((r) => r.path)).toEqual(['/collector/v1/traces']);
  });
});

describe('OTLP/HTTP headers', () => {
  it('carries the content type, user agent, API key and collector identity on every request', async () => {
    const receiver = await receiverFor();
    const client = started(
      builderFor(receiver)
        .withCollectorId('collector-7')
        .withCollectorName('edge')
        .withDatacenter('eu-1')
        .withEnvironment('staging'),
    );
    client.span('with-headers', () => client.logInfo('hello'));
    await client.shutdown(AMPLE_MS);

    expect(receiver.requests.length).toBe(2);
    for (const { headers } of receiver.requests) {
      expect(headers).toMatchObject({
        'content-type': 'application/x-protobuf',
        'user-agent': USER_AGENT,
        authorization: `Bearer ${KEY_ID}:${SECRET}`,
        'x-telemetryflow-key-id': KEY_ID,
        'x-telemetryflow-key-secret': SECRET,
        'x-telemetryflow-collector-id': 'collector-7',
        'x-telemetryflow-collector-name': 'edge',
        'x-telemetryflow-datacenter': 'eu-1',
        'x-telemetryflow-environment': 'staging',
      });
      expect(headers).not.toHaveProperty('content-encoding');
      expect(Number(headers['content-length'])).toBeGreaterThan(0);
    }
    expect(USER_AGENT).toMatch(/^TelemetryFlow-Node-SDK\/\d+\.\d+\.\d+ \(OTLP\/HTTP protobuf; Node\.js v\d+/);
  });

  it('reuses one kept-alive connection for consecutive requests', async () => {
    const receiver = await receiverFor();
    const client = started(builderFor(receiver).withTracesOnly());
    for (let i = 0; i < 3; i++) {
      client.span(`call-${i}`, () => undefined);
      await client.flush(AMPLE_MS);
    }
    await client.shutdown(AMPLE_MS);

    expect(receiver.accepted('traces').length).toBe(3);
    expect(new Set(receiver.requests.map((r) => r.remotePort)).size).toBe(1);
    expect(receiver.requests.every((r) => r.headers['connection'] === 'keep-alive')).toBe(true);
  });
});
