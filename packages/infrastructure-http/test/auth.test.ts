import { AMPLE_MS } from '@telemetryflow-internal/test-utils';
import { TelemetryFlowBuilder } from '@telemetryflow/client';
import type { Diagnostic } from '@telemetryflow/client';
import { describe, expect, it } from 'vitest';
import { createTransport } from '../src/index.js';
import {
  KEY_ID,
  SECRET,
  builderFor,
  configFor,
  guardProcess,
  receiverFor,
  reportsTo,
  started,
  visibleText,
} from './helpers.js';

const { warnings } = guardProcess();

describe('authentication failures (TelemetryFlow collector /v2)', () => {
  it("fails a 403 for a key ID off the allow-list, with the collector's message and one diagnostic", async () => {
    const receiver = await receiverFor({ mode: 'telemetryflow', allowedKeyIds: ['tfk_someone-else'] });
    const diagnostics: Diagnostic[] = [];
    const client = started(builderFor(receiver, diagnostics).withV2Api().withTracesOnly());

    client.span('denied-1', () => undefined);
    await client.flush(AMPLE_MS);
    client.span('denied-2', () => undefined);
    await client.flush(AMPLE_MS);

    expect(receiver.requests.map((r) => [r.path, r.status])).toEqual([
      ['/v2/traces', 403],
      ['/v2/traces', 403],
    ]);
    const traces = client.getStatus().signals.traces;
    expect(traces).toMatchObject({ failed: 2, retries: 0, lastError: 'HTTP 403: API Key ID not authorized' });
    const auth = diagnostics.filter((d) => d.code === 'TF_HTTP_AUTH');
    expect(auth.length).toBe(1);
    expect(auth[0]?.message).toContain(`API key ${KEY_ID}`);
    expect(auth[0]?.message).toContain('HTTP 403: API Key ID not authorized');
  });

  it('reports the refusal again after the collector accepted the key in between', async () => {
    const receiver = await receiverFor({ mode: 'telemetryflow' });
    const refuse = () => ({ status: 401, body: { error: 'missing TelemetryFlow API Key ID' } });
    const diagnostics: Diagnostic[] = [];
    const client = started(builderFor(receiver, diagnostics).withV2Api().withTracesOnly());
    const exportOne = async (name: string) => {
      client.span(name, () => undefined);
      await client.flush(AMPLE_MS);
    };

    receiver.respond = refuse;
    await exportOne('refused-1');
    await exportOne('refused-2');
    receiver.respond = undefined;
    await exportOne('accepted');
    receiver.respond = refuse;
    await exportOne('refused-3');
    await client.shutdown(AMPLE_MS);

    expect(receiver.requests.map((r) => r.status)).toEqual([401, 401, 200, 401]);
    expect(diagnostics.filter((d) => d.code === 'TF_HTTP_AUTH')).toHaveLength(2);
  });

  it('fails a 401 with the JSON error message as the reason', async () => {
    const receiver = await receiverFor({ mode: 'telemetryflow' });
    receiver.respond = () => ({ status: 401, body: { error: 'missing TelemetryFlow API Key ID' } });
    const reports: Diagnostic[] = [];
    const transport = createTransport(configFor(receiver, { useV2Api: true }), reportsTo(reports));

    const outcome = await transport.send('metrics', new Uint8Array(0), { timeoutMs: AMPLE_MS });
    await transport.send('metrics', new Uint8Array(0), { timeoutMs: AMPLE_MS });
    await transport.shutdown();

    expect(outcome).toEqual({ status: 'failed', reason: 'HTTP 401: missing TelemetryFlow API Key ID' });
    expect(reports.map((r) => r.code)).toEqual(['TF_HTTP_AUTH']);
  });

  it('accepts a tfk_ key on /v2 (and sends the secret only in headers)', async () => {
    const receiver = await receiverFor({
      mode: 'telemetryflow',
      allowedKeyIds: [KEY_ID],
      validateSecret: true,
    });
    const client = started(builderFor(receiver).withV2Api().withTracesOnly());
    client.span('allowed', () => undefined);
    await client.shutdown(AMPLE_MS);

    expect(receiver.requests.map((r) => r.status)).toEqual([200]);
    expect(receiver.requests[0]?.body.includes(SECRET)).toBe(false);
  });
});

describe('the API key secret', () => {
  it('never appears in diagnostics, warnings, outcomes or the status, even when the collector echoes it', async () => {
    const receiver = await receiverFor({ mode: 'telemetryflow' });
    receiver.respond = (request) => ({
      status: 401,
      body: { error: `bad secret ${request.headers['x-telemetryflow-key-secret'] ?? ''}` },
    });
    const diagnostics: Diagnostic[] = [];
    const client = started(builderFor(receiver, diagnostics).withV2Api().withTracesOnly());
    // Without a diagnostics handler, diagnostics become process warnings.
    const warned = started(
      new TelemetryFlowBuilder()
        .withApiKey(KEY_ID, SECRET)
        .withEndpoint(receiver.address)
        .withService('svc')
        .withHttp()
        .withInsecure()
        .withV2Api()
        .withTracesOnly(),
    );
    client.span('leaky', () => undefined);
    warned.span('leaky', () => undefined);
    await Promise.all([client.flush(AMPLE_MS), warned.flush(AMPLE_MS)]);
    await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
    const reports: Diagnostic[] = [];
    const transport = createTransport(configFor(receiver), reportsTo(reports));
    const outcome = await transport.send('traces', new Uint8Array(0), { timeoutMs: AMPLE_MS });
    await transport.shutdown();

    const seen = visibleText(
      diagnostics,
      reports,
      outcome,
      [client, warned].map((c) => [c.getStatus(), c.getHealth()]),
      warnings,
    );
    expect(seen).toContain('bad secret [REDACTED]');
    expect(warnings.join('\n')).toContain('bad secret [REDACTED]'); // the warnings were captured
    expect(seen).not.toContain(SECRET);
    expect(seen).not.toContain(SECRET.slice(4)); // nor the secret without its prefix
  });
});
