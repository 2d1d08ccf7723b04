import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { SpanKind } from '@telemetryflow/client';
import { grpcTelemetry } from '@telemetryflow/middleware-grpc';

const definition = protoLoader.loadSync(fileURLToPath(new URL('./greeter.proto', import.meta.url)));
const { greeter } = /** @type {any} */ (grpc.loadPackageDefinition(definition));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** @typedef {import('@telemetryflow/client').TelemetryFlowClient} Client */

/**
 * The Greeter's handlers. They run inside the call's SERVER span (the server interceptor makes it
 * active), so their spans and logs are its children; a handler error becomes the call's status.
 * @param {Client} client
 */
const handlersOf = (client) => ({
  SayHello: ({ request: { name } }, callback) => {
    client
      .span('greeting.lookup', SpanKind.CLIENT, { 'db.system': 'redis' }, () => sleep(3))
      .then(() => {
        client.logInfo('said hello', { name });
        callback(null, { message: `Hello, ${name}!` });
      }, callback);
  },
  SayGoodbye: ({ request: { name } }, callback) => {
    if (name === '') return callback({ code: grpc.status.INVALID_ARGUMENT, details: 'a name is required' });
    client.logInfo('said goodbye', { name });
    callback(null, { message: `Goodbye, ${name}!` });
  },
});

/**
 * Starts a Greeter server on 127.0.0.1 and calls it from a gRPC client, both with the
 * @telemetryflow/middleware-grpc interceptors: each call is a CLIENT span whose context travels in
 * the metadata (W3C traceparent) and a SERVER span continuing it, so the two form one trace; both
 * sides record `rpc.client.duration` / `rpc.server.duration`.
 * @param {Client} client an initialized client
 * @param {{ names?: string[] }} [options]
 */
export async function runGrpcExample(client, { names = ['Ada', 'Grace', ''] } = {}) {
  const telemetry = grpcTelemetry(client);
  const server = new grpc.Server({ interceptors: [telemetry.serverInterceptor] });
  server.addService(greeter.Greeter.service, handlersOf(client));
  const port = await new Promise((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, p) =>
      error ? reject(error) : resolve(p),
    ),
  );
  const stub = new greeter.Greeter(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
    interceptors: [telemetry.clientInterceptor],
  });
  const call = (method, name) =>
    new Promise((resolve, reject) =>
      stub[method]({ name }, (error, reply) => (error ? reject(error) : resolve(reply.message))),
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
