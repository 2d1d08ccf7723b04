import { ProtobufReader, WireType } from './protobuf-reader.js';

const RETRY_INFO_TYPE = 'google.rpc.RetryInfo';

/** The message of a `google.protobuf.Any` whose type is `google.rpc.RetryInfo`, if it is one. */
const retryInfoOf = (any: Uint8Array): Uint8Array | undefined => {
  const reader = new ProtobufReader(any);
  let typeUrl = '';
  let value: Uint8Array = new Uint8Array();
  while (!reader.done) {
    const { field, wireType } = reader.tag();
    if (field === 1 && wireType === WireType.LENGTH_DELIMITED) typeUrl = reader.string();
    else if (field === 2 && wireType === WireType.LENGTH_DELIMITED) value = reader.bytes();
    else reader.skip(wireType);
  }
  // A type URL is `<any host and path>/<full message name>`.
  return typeUrl.slice(typeUrl.lastIndexOf('/') + 1) === RETRY_INFO_TYPE ? value : undefined;
};

/** `google.protobuf.Duration` in milliseconds, rounded up; a negative duration is 0. */
const durationMs = (duration: Uint8Array): number => {
  const reader = new ProtobufReader(duration);
  let seconds = 0n;
  let nanos = 0n;
  while (!reader.done) {
    const { field, wireType } = reader.tag();
    if (field === 1 && wireType === WireType.VARINT) seconds = reader.int64();
    else if (field === 2 && wireType === WireType.VARINT) nanos = BigInt.asIntN(32, reader.varint());
    else reader.skip(wireType);
  }
  const ms = Number(seconds) * 1_000 + Math.ceil(Number(nanos) / 1_000_000);
  return Math.max(0, ms);
};

/** `RetryInfo.retry_delay` in milliseconds, 0 when the field is absent (an empty message). */
const retryDelayMs = (retryInfo: Uint8Array): number => {
  const reader = new ProtobufReader(retryInfo);
  let delay = 0;
  while (!reader.done) {
    const { field, wireType } = reader.tag();
    if (field === 1 && wireType === WireType.LENGTH_DELIMITED) delay = durationMs(reader.bytes());
    else reader.skip(wireType);
  }
  return delay;
};

/**
 * Reads the delay a server asked for from a `grpc-status-details-bin` trailer: a
 * `google.rpc.Status` whose `details` hold a `google.rpc.RetryInfo`. Returns `undefined` when
 * there is none, or the bytes are malformed; never throws.
 */
export const retryDelayFromStatusDetails = (statusDetails: Uint8Array): number | undefined => {
  try {
    const reader = new ProtobufReader(statusDetails);
    while (!reader.done) {
      const { field, wireType } = reader.tag();
      if (field !== 3 || wireType !== WireType.LENGTH_DELIMITED) {
        reader.skip(wireType);
        continue;
      }
      const retryInfo = retryInfoOf(reader.bytes());
      if (retryInfo !== undefined) return retryDelayMs(retryInfo);
    }
  } catch {
    // Malformed details carry no usable delay.
  }
  return undefined;
};
