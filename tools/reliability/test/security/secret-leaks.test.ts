import { inspect } from 'node:util';
import { AMPLE_MS, waitFor } from '@telemetryflow-internal/test-utils';
import { grpcReply, startGrpcReceiver } from '@telemetryflow-internal/test-utils/grpc-receiver';
import type { GrpcReceiver } from '@telemetryflow-internal/test-utils/grpc-receiver';
import { startHttpReceiver } from '@telemetryflow-internal/test-utils/http-receiver';
import type { HttpReceiver } from '@telemetryflow-internal/test-utils/http-receiver';
import { TelemetryFlowBuilder } from '@telemetryflow/client';
import type { Diagnostic, TelemetryFlowClient } from '@telemetryflow/client';
import { createGrpcTransport } from '@telemetryflow/infrastructure-grpc';
import { createHttpTransport } from '@telemetryflow/infrastructure-http';
import { afterEach, describe, expect, it } from 'vitest';
import { OutputCapture } from '../support/output-capture.js';
import { freePort } from '@telemetryflow-internal/test-utils';
import { guardProcess } from '../support/process-guard.js';
import { KEY_ID, SECRET, findSecret } from '../support/secrets.js';

guardProcess();

const INVALID_ARGUMENT = 3;
const UNAVAILABLE = 14;
const UNAUTHENTICATED = 16;

/** What a careless collector puts in its error details: the request's own metadata, padded so
 * that the secret straddles the transports' length limits on reasons (200 / 300 characters). */
const echo = (headers: Readonly<Record<string, string>>, pad: number): string =>
  `${'x'.repeat(pad)} ${headers['x-telemetryflow-key-secret'] ?? ''} ${JSON.stringify(headers)}`;

type Shape = 'plain' | 'diagnostics';

interface Run {
  readonly client: TelemetryFlowClient;
  readonly diagnostics: Diagnostic[];
}

const buildFor = (protocol: 'grpc' | 'http', endpoint: string, shape: Shape): Run => {
  const diagnostics: Diagnostic[] = [];
  const builder = new TelemetryFlowBuilder({})
    .withApiKey(KEY_ID, SECRET)
    .withEndpoint(endpoint)
    .withProtocol(protocol)
    .withInsecure()
    .withService('secret-test')
    .withCollectorId('collector-1')
    .withBatchSettings(50, 64)
    .withRetry(true, 1, 10)
    .withTimeout(300)
    .withExporter(protocol === 'grpc' ? createGrpcTransport() : createHttpTransport());
  // One client reports through onDiagnostic, the other through the default, process warnings.
  if (shape === 'diagnostics') builder.withDiagnostics((d) => diagnostics.push(d));
  return { client: builder.build(), diagnostics };
};

const exercise = async (run: Run, capture: OutputCapture, until: () => boolean): Promise<void> => {
  const { client } = run;
  client.initialize();
  for (let i = 0; i < 20; i++) {
    client.incrementCounter('leak.check', 1, { i });
    client.logError(`failure ${i}`, { attempt: i });
    client.endSpan(client.startSpan(`op-${i}`), i % 2 === 0 ? new Error('boom') : undefined);
  }
  await client.flush(AMPLE_MS);
  await waitFor(until, 'the collector to have seen the client');
  capture.add('status', client.getStatus());
  capture.add('health', client.getHealth());
  capture.add('inspect client', inspect(client, { depth: Infinity, showHidden: true }));
  capture.add('client.toString', String(client));
  capture.add('config JSON', JSON.stringify(client.config));
  capture.add('config inspect', inspect(client.config, { depth: Infinity, showHidden: true }));
  capture.add('credentials', `${String(client.config.credentials)} ${inspect(client.config.credentials)}`);
  capture.add('options', inspect(client.options, { depth: Infinity, showHidden: true }));
  await client.shutdown(AMPLE_MS);
  capture.add('status after shutdown', client.getStatus());
  capture.add('diagnostics', run.diagnostics);
  await client.flush(10).catch((error: unknown) => capture.add('flush after shutdown', error));
  try {
    client.logInfo('after shutdown');
  } catch (error) {
    capture.add('recording after shutdown', error);
  }
};

describe('the API key secret', () => {
  let capture: OutputCapture | undefined;
  const receivers: (GrpcReceiver | HttpReceiver)[] = [];

  afterEach(async () => {
    capture?.stop();
    for (const r of receivers.splice(0)) await r.close();
  });

  it('never appears in anything a faulty run prints, reports, throws or returns', async () => {
    capture = new OutputCapture().start();

    // gRPC: a collector that echoes the call metadata in every error, and in a partial success.
    const grpc = await startGrpcReceiver();
    receivers.push(grpc);
    let calls = 0;
    grpc.respond = ({ metadata }) => {
      calls++;
      if (calls % 4 === 1) return grpcReply.status(UNAVAILABLE, echo(metadata, 290));
      if (calls % 4 === 2) return grpcReply.status(INVALID_ARGUMENT, echo(metadata, 0));
      if (calls % 4 === 3) return grpcReply.status(UNAUTHENTICATED, echo(metadata, 295));
      return grpcReply.partialSuccess(1, echo(metadata, 10));
    };
    for (const shape of ['diagnostics', 'plain'] as const) {
      await exercise(buildFor('grpc', grpc.address, shape), capture, () => grpc.requests.length >= 8);
    }

    // HTTP: the same, with the secret placed across the 200-character cut of a reason.
    const http = await startHttpReceiver();
    receivers.push(http);
    http.respond = ({ headers }, count) => {
      const pads = [180, 185, 190];
      const pad = pads[count % pads.length] ?? 0;
      if (count % 5 === 1) return { status: 503, body: echo(headers, pad) };
      if (count % 5 === 2) return { status: 400, body: { error: echo(headers, pad) } };
      if (count % 5 === 3) return { status: 401, body: echo(headers, pad) };
      if (count % 5 === 4) return { status: 429, headers: { 'retry-after': '0' }, body: echo(headers, 0) };
      return { partialSuccess: { rejected: 1, errorMessage: echo(headers, pad) } };
    };
    for (const shape of ['diagnostics', 'plain'] as const) {
      await exercise(buildFor('http', http.address, shape), capture, () => http.requests.length >= 10);
    }

    // Nothing listening, and a collector that never answers: connection errors and deadlines.
    const nowhere = `127.0.0.1:${await freePort()}`;
    const hanging = await startGrpcReceiver();
    receivers.push(hanging);
    hanging.respond = () => grpcReply.hang();
    await exercise(buildFor('grpc', nowhere, 'plain'), capture, () => true);
    await exercise(buildFor('http', nowhere, 'diagnostics'), capture, () => true);
    await exercise(
      buildFor('grpc', hanging.address, 'diagnostics'),
      capture,
      () => hanging.requests.length > 0,
    );

    // Configuration errors made with the secret in them.
    const badBuilds = [
      () =>
        new TelemetryFlowBuilder({})
          .withApiKey(KEY_ID, `${SECRET}\r\nx-injected: 1`)
          .withService('s')
          .build(),
      () => new TelemetryFlowBuilder({}).withApiKey(KEY_ID, `${SECRET} `).withService('s').build(),
      () => new TelemetryFlowBuilder({}).withApiKey(SECRET, SECRET).withService('s').build(),
      () =>
        new TelemetryFlowBuilder({}).withApiKey(KEY_ID, SECRET).withService('s').withEndpoint(SECRET).build(),
      () =>
        new TelemetryFlowBuilder({
          TELEMETRYFLOW_API_KEY_SECRET: `${SECRET}é`,
          TELEMETRYFLOW_TIMEOUT: SECRET,
        })
          .withService('s')
          .withAutoConfiguration()
          .build(),
      () =>
        new TelemetryFlowBuilder({ TELEMETRYFLOW_API_KEY_ID: KEY_ID, TELEMETRYFLOW_API_KEY_SECRET: SECRET })
          .withAutoConfiguration()
          .withHttp()
          .withEndpoint(`http://${KEY_ID}:${SECRET}@127.0.0.1:4318`)
          .withInsecure()
          .withService('s')
          .build(),
    ];
    let thrown = 0;
    for (const build of badBuilds) {
      try {
        build();
      } catch (error) {
        thrown++;
        capture.add('configuration error', error);
      }
    }
    expect(thrown).toBe(badBuilds.length);

    const output = capture.stop();
    capture = undefined;
    // The run did produce the output that could have carried it.
    expect(output).toMatch(/TF_EXPORT_FAILED|TF_EXPORT_RETRYING/);
    expect(output).toMatch(/warning: TelemetryFlowWarning/);
    expect(output).toMatch(/diag\./);
    expect(output).toContain('[REDACTED]');
    expect(findSecret(output)).toBeUndefined();
  });
});
