export { startHttpReceiver } from './http-receiver.js';
export { dataPointsOf } from './data-points.js';
export type {
  HttpReceiver,
  HttpReceiverOptions,
  HttpReply,
  HttpResponder,
  ReceivedHttpRequest,
  ReceiverMode,
} from './receiver-types.js';
