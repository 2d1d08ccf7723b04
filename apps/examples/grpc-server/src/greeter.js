import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { SpanKind } from '@telemetryflow/client';

const definition = protoLoader.loadSync(fileURLToPath(new URL('./greeter.proto', import.meta.url)));
const { greeter } = /** @type {any} */ (grpc.loadPackageDefinition(definition));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** @typedef {import('@telemetryflow/client').TelemetryFlowClient} Client */

/**
 * Wraps a unary handler: continues the caller's trace from the gRPC metadata, runs the handler in
 * a SERVER span, and records `rpc.server.duration` and `grpc.calls.total` — ending the span when
 * the call is answered, not when the handler returns (the Python example got that wrong).
 * @param {Client} client
 * @param {string} method
 * @param {(request: { name: string }, client: Client) => Promise<{ message: string }>} impl
 */
export const traced = (client, method, impl) => (call, callback) => {
  const headers = Object.fromEntries(
    Object.entries(call.metadata.getMap()).map(([key, value]) => [key, String(value)]),
  );
  const attributes = { 'rpc.system': 'grpc', 'rpc.service': 'greeter.Greeter', 'rpc.method': method };
  const started = performance.now();
  client.withTraceContext(headers, () =>
    client
      .span(`greeter.Greeter/${method}`, SpanKind.SERVER, attributes, () => impl(call.request, client))
      .then(
        (reply) => ({ error: null, reply, code: grpc.status.OK }),
        (error) => ({
          error: { code: grpc.status.INTERNAL, details: error.message },
          reply: undefined,
          code: grpc.status.INTERNAL,
        }),
      )
      .then(({ error, reply, code }) => {
        const labels = { ...attributes, 'rpc.grpc.status_code': code };
        client.recordHistogram('rpc.server.duration', (performance.now() - started) / 1000, 's', labels);
        client.incrementCounter('grpc.calls.total', 1, labels);
        callback(error, reply);
      }),
  );
};

/** @type {Record<string, (request: { name: string }, client: Client) => Promise<{ message: string }>>} */
const handlers = {
  SayHello: async ({ name }, client) => {
    await client.span('greeting.lookup', SpanKind.CLIENT, { 'db.system': 'redis' }, () => sleep(3));
    client.logInfo('said hello', { name });
    return { message: `Hello, ${name}!` };
  },
  SayGoodbye: async ({ name }, client) => {
    if (name === '') throw new Error('a name is required');
    client.logInfo('said goodbye', { name });
    return { message: `Goodbye, ${name}!` };
  },
};

/**
 * Starts a Greeter server on 127.0.0.1 and calls it from a gRPC client: each call is a CLIENT span
 * whose context travels in the metadata (W3C traceparent), so server and client spans form one trace.
 * @param {Client} client an initialized client
 * @param {{ names?: string[] }} [options]
 */
export async function runGrpcExample(client, { names = ['Ada', 'Grace', ''] } = {}) {
  const server = new grpc.Server();
  server.addService(greeter.Greeter.service, {
    SayHello: traced(client, 'SayHello', handlers.SayHello),
    SayGoodbye: traced(client, 'SayGoodbye', handlers.SayGoodbye),
  });
  const port = await new Promise((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, p) =>
      error ? reject(error) : resolve(p),
    ),
  );
  const stub = new greeter.Greeter(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const call = (method, name) =>
    client.span(
      `greeter.Greeter/${method}`,
      SpanKind.CLIENT,
      { 'rpc.system': 'grpc', 'rpc.method': method },
      () => {
        const headers = {};
        client.injectTraceContext(headers);
        const metadata = new grpc.Metadata();
        for (const [key, value] of Object.entries(headers)) metadata.set(key, value);
        return new Promise((resolve, reject) =>
          stub[method]({ name }, metadata, (error, reply) =>
            error ? reject(error) : resolve(reply.message),
          ),
        );
      },
    );
  const replies = [];
  try {
    for (const name of names) {
      replies.push(await call('SayHello', name || 'nobody'));
      replies.push(
        await call('SayGoodbye', name).catch((error) => `error: ${error.details ?? error.message}`),
      );
    }
  } finally {
    stub.close();
    server.forceShutdown();
  }
  return replies;
}
