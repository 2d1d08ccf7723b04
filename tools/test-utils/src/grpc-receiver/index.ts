export { startGrpcReceiver } from './grpc-receiver.js';
export type { GrpcReceiver, GrpcReceiverOptions, GrpcReceiverTls, Pem } from './receiver-options.js';
export { grpcReply } from './grpc-reply.js';
export type { GrpcReply, GrpcResponder } from './grpc-reply.js';
export type { ReceivedGrpcRequest } from './received-request.js';
export { RETRY_INFO_TYPE_URL, encodeRetryInfo, encodeStatusDetails } from './status-details.js';
export type { StatusDetails } from './status-details.js';
