import protobuf from 'protobufjs';

// google.rpc.Status, google.rpc.RetryInfo and the two well-known types they use, by field number.
const root = protobuf.Root.fromJSON({
  nested: {
    google: {
      nested: {
        rpc: {
          nested: {
            Status: {
              fields: {
                code: { type: 'int32', id: 1 },
                message: { type: 'string', id: 2 },
                details: { rule: 'repeated', type: 'google.protobuf.Any', id: 3 },
              },
            },
            RetryInfo: { fields: { retryDelay: { type: 'google.protobuf.Duration', id: 1 } } },
          },
        },
        protobuf: {
          nested: {
            Any: { fields: { typeUrl: { type: 'string', id: 1 }, value: { type: 'bytes', id: 2 } } },
            Duration: { fields: { seconds: { type: 'int64', id: 1 }, nanos: { type: 'int32', id: 2 } } },
          },
        },
      },
    },
  },
});

const Status = root.lookupType('google.rpc.Status');
const RetryInfo = root.lookupType('google.rpc.RetryInfo');

/** The type URL of a `google.rpc.RetryInfo` packed in a `google.protobuf.Any`. */
export const RETRY_INFO_TYPE_URL = 'type.googleapis.com/google.rpc.RetryInfo';

export interface StatusDetails {
  readonly code: number;
  readonly message?: string;
  /** Adds a `google.rpc.RetryInfo` with this `retry_delay`. */
  readonly retryDelayMs?: number;
  /** Further `details` entries, packed as given. */
  readonly extraDetails?: readonly { readonly typeUrl: string; readonly value: Uint8Array }[];
}

/** Encodes a `google.rpc.RetryInfo` message. */
export const encodeRetryInfo = (retryDelayMs: number): Uint8Array => {
  const seconds = Math.floor(retryDelayMs / 1_000);
  const nanos = Math.round((retryDelayMs - seconds * 1_000) * 1_000_000);
  return RetryInfo.encode(RetryInfo.fromObject({ retryDelay: { seconds, nanos } })).finish();
};

/**
 * Encodes the `google.rpc.Status` a gRPC server sends in the `grpc-status-details-bin` trailer,
 * e.g. a RESOURCE_EXHAUSTED with a RetryInfo delay (the OTLP throttling signal).
 */
export const encodeStatusDetails = ({
  code,
  message = '',
  retryDelayMs,
  extraDetails = [],
}: StatusDetails): Uint8Array => {
  const details = [
    ...extraDetails,
    ...(retryDelayMs === undefined
      ? []
      : [{ typeUrl: RETRY_INFO_TYPE_URL, value: encodeRetryInfo(retryDelayMs) }]),
  ];
  return Status.encode(Status.fromObject({ code, message, details })).finish();
};
