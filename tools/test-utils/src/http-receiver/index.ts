export { startHttpReceiver } from './http-receiver.js';
export { dataPointsOf } from './data-points.js';
export { loopbackTransport } from './loopback-transport.js';
export { loopbackClient, startLoopbackClient } from './loopback-client.js';
export type {
  DiagnosticLike,
  LoopbackClient,
  LoopbackClientConstructor,
  ReceivedLog,
  RunningLoopbackClient,
} from './loopback-client.js';
export type {
  HttpReceiver,
  HttpReceiverOptions,
  HttpReply,
  HttpResponder,
  ReceivedHttpRequest,
  ReceiverMode,
} from './receiver-types.js';
