/** OTLP wire protocol. Values match the Python SDK's `Protocol` enum. */
export const Protocol = {
  GRPC: 'grpc',
  HTTP: 'http',
} as const;
export type Protocol = (typeof Protocol)[keyof typeof Protocol];

export const isProtocol = (value: unknown): value is Protocol =>
  value === Protocol.GRPC || value === Protocol.HTTP;
