/** Reads a base-128 varint at `pos`; `undefined` when the buffer ends first or it is too long. */
const readVarint = (bytes: Uint8Array, pos: number): [value: number, next: number] | undefined => {
  let value = 0;
  for (let shift = 0, i = pos; i < bytes.length && shift < 35; shift += 7, i++) {
    const byte = bytes[i] ?? 0;
    value += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) return [value, i + 1];
  }
  return undefined;
};

/**
 * The `message` (field 2) of a protobuf `google.rpc.Status`, which OTLP/HTTP servers send with
 * error responses. `undefined` when the bytes are not such a message.
 */
export const rpcStatusMessage = (bytes: Uint8Array): string | undefined => {
  let pos = 0;
  let message: string | undefined;
  while (pos < bytes.length) {
    const tag = readVarint(bytes, pos);
    if (tag === undefined) return undefined;
    const [key, afterTag] = tag;
    const wireType = key % 8;
    if (wireType === 0) {
      const skipped = readVarint(bytes, afterTag);
      if (skipped === undefined) return undefined;
      pos = skipped[1];
    } else if (wireType === 2) {
      const length = readVarint(bytes, afterTag);
      if (length === undefined || length[1] + length[0] > bytes.length) return undefined;
      const end = length[1] + length[0];
      if (Math.floor(key / 8) === 2) message = Buffer.from(bytes.subarray(length[1], end)).toString('utf8');
      pos = end;
    } else {
      return undefined;
    }
  }
  return message;
};
