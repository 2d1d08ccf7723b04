import { AMPLE_MS } from '@telemetryflow-internal/test-utils';
import type { Diagnostic, ExportOutcome } from '@telemetryflow/client';
import { describe, expect, it } from 'vitest';
import { createTransport } from '../src/index.js';
import { builderFor, configFor, guardProcess, receiverFor, reportsTo, started } from './helpers.js';

guardProcess();

const EMPTY_REQUEST = new Uint8Array(0);

describe('successful responses', () => {
  it("takes the TelemetryFlow collector's 200 with a {} JSON body as success", async () => {
    const receiver = await receiverFor({ mode: 'telemetryflow' });
    const client = started(builderFor(receiver).withTracesOnly());
    client.span('ok', () => undefined);
    await client.shutdown(AMPLE_MS);

    expect(receiver.requests.map((r) => r.status)).toEqual([200]);
    expect(client.getStatus().signals.traces).toMatchObject({ exported: 1, rejected: 0, failed: 0 });
  });

  it.each([
    ['{} with no content type', { body: Buffer.from('{}') }],
    ['an empty body', { body: new Uint8Array(0) }],
    ['text/plain', { body: 'accepted' }],
    [
      'JSON with charset',
      { body: Buffer.from('{ }'), headers: { 'content-type': 'application/json; charset=utf-8' } },
    ],
  ])('takes a 200 with %s as full success', async (_what, reply) => {
    const receiver = await receiverFor();
    receiver.respond = () => reply;
    const transport = createTransport(configFor(receiver), reportsTo([]));
    await expect(transport.send('logs', EMPTY_REQUEST, { timeoutMs: AMPLE_MS })).resolves.toEqual({
      status: 'success',
    });
    await transport.shutdown();
  });

  it('counts a protobuf partial success as rejected items in getStatus()', async () => {
    const receiver = await receiverFor();
    receiver.respond = () => ({ partialSuccess: { rejected: 2, errorMessage: 'spans too old' } });
    const client = started(builderFor(receiver).withTracesOnly().withBatchSettings(50));
    for (let i = 0; i < 5; i++) client.span(`s${i}`, () => undefined);
    await client.shutdown(AMPLE_MS);

    expect(receiver.requests.length).toBe(1);
    expect(client.getStatus().signals.traces).toMatchObject({
      exported: 3,
      rejected: 2,
      failed: 0,
      retries: 0,
    });
  });

  it.each([
    ['traces', 'rejectedSpans'],
    ['metrics', 'rejectedDataPoints'],
    ['logs', 'rejectedLogRecords'],
  ] as const)('reads the %s partial success, protobuf and OTLP/JSON', async (signal, field) => {
    const receiver = await receiverFor();
    const transport = createTransport(configFor(receiver), reportsTo([]));
    const send = () => transport.send(signal, EMPTY_REQUEST, { timeoutMs: AMPLE_MS });
    const expected: ExportOutcome = { status: 'success', rejectedItems: 4, message: 'quota' };

    receiver.respond = () => ({ partialSuccess: { rejected: 4, errorMessage: 'quota' } });
    await expect(send()).resolves.toEqual(expected);
    receiver.respond = () => ({ body: { partialSuccess: { [field]: '4', errorMessage: 'quota' } } });
    await expect(send()).resolves.toEqual(expected);
    await transport.shutdown();
  });
});

describe('error statuses', () => {
  // OTLP/HTTP: 429, 502, 503, 504 are retryable; every other error status is final.
  it.each([
    [400, 'failed', 0],
    [410, 'failed', 0],
    [413, 'failed', 0],
    [500, 'failed', 0],
    [501, 'failed', 0],
    [429, 'retryable', 2],
    [502, 'retryable', 2],
    [503, 'retryable', 2],
    [504, 'retryable', 2],
  ] as const)('HTTP %i is %s: the client retries it %i times', async (status, outcome, retries) => {
    const receiver = await receiverFor();
    receiver.respond = () => ({ status, body: { error: `status ${status}` } });

    const transport = createTransport(configFor(receiver), reportsTo([]));
    await expect(transport.send('traces', EMPTY_REQUEST, { timeoutMs: AMPLE_MS })).resolves.toEqual({
      status: outcome,
      reason: `HTTP ${status}: status ${status}`,
    });
    await transport.shutdown();
    const direct = receiver.requests.length;

    const client = started(builderFor(receiver).withTracesOnly());
    client.span('doomed', () => undefined);
    await client.flush(AMPLE_MS);
    expect(receiver.requests.length - direct).toBe(retries + 1);
    expect(client.getStatus().signals.traces).toMatchObject({ exported: 0, failed: 1, retries });
  });

  it('puts a short, single-line excerpt of a text error body in the reason', async () => {
    const receiver = await receiverFor();
    receiver.respond = () => ({ status: 500, body: `Failed to process traces\n${'x'.repeat(5_000)}` });
    const transport = createTransport(configFor(receiver), reportsTo([]));
    const outcome = await transport.send('traces', EMPTY_REQUEST, { timeoutMs: AMPLE_MS });
    await transport.shutdown();

    expect(outcome.status).toBe('failed');
    const reason = outcome.status === 'failed' ? outcome.reason : '';
    expect(reason).toMatch(/^HTTP 500: Failed to process traces x+…$/);
    expect(reason.length).toBeLessThanOrEqual(220);
  });

  it.each([404, 405])(
    'names the URL tried in the reason of an HTTP %i, and does not retry it',
    async (status) => {
      const receiver = await receiverFor();
      receiver.respond = () => ({ status, body: 'Not Found' });
      const transport = createTransport(configFor(receiver), reportsTo([]));
      await expect(transport.send('logs', EMPTY_REQUEST, { timeoutMs: AMPLE_MS })).resolves.toEqual({
        status: 'failed',
        reason:
          `HTTP ${status}: Not Found (POST ${receiver.url}/v1/logs: no OTLP/HTTP receiver at this path; ` +
          'check the endpoint and signal path, e.g. an endpoint that already ends in /v1/{signal} gets ' +
          'the signal path appended again)',
      });
      await transport.shutdown();
    },
  );

  it('reports the doubled path of an endpoint that already ends in /v1/traces', async () => {
    const receiver = await receiverFor();
    // A collector routes only /v1/{signal}: anything else is a 404.
    receiver.respond = (request) => (request.path === '/v1/traces' ? undefined : { status: 404 });
    const diagnostics: Diagnostic[] = [];
    const client = started(
      builderFor(receiver, diagnostics).withEndpoint(`${receiver.url}/v1/traces`).withTracesOnly(),
    );
    client.span('lost', () => undefined);
    await client.flush(AMPLE_MS);

    expect(receiver.requests.map((r) => [r.path, r.status])).toEqual([['/v1/traces/v1/traces', 404]]);
    const { lastError } = client.getStatus().signals.traces;
    expect(lastError).toContain(`HTTP 404`);
    expect(lastError).toContain(`POST ${receiver.url}/v1/traces/v1/traces`);
    expect(diagnostics.map((d) => d.message).join('\n')).toContain(`${receiver.url}/v1/traces/v1/traces`);
  });
});
