/** Protobuf wire types this reader understands (groups, 3 and 4, are treated as malformed). */
export const WireType = Object.freeze({ VARINT: 0, FIXED64: 1, LENGTH_DELIMITED: 2, FIXED32: 5 });

export interface ProtobufField {
  readonly field: number;
  readonly wireType: number;
}

const decoder = new TextDecoder();

/**
 * A minimal protobuf wire-format reader: just enough for the small `google.rpc` messages
 * gRPC servers put in the `grpc-status-details-bin` trailer. Every read throws a `RangeError`
 * on truncated or malformed input, so callers decode inside one `try`.
 */
export class ProtobufReader {
  readonly #bytes: Uint8Array;
  #pos = 0;

  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
  }

  get done(): boolean {
    return this.#pos >= this.#bytes.length;
  }

  /** An unsigned varint of up to 64 bits. */
  varint(): bigint {
    let result = 0n;
    for (let i = 0; i < 10; i++) {
      const byte = this.#bytes[this.#pos++];
      if (byte === undefined) throw new RangeError('protobuf: truncated varint');
      result |= BigInt(byte & 0x7f) << BigInt(7 * i);
      if ((byte & 0x80) === 0) return BigInt.asUintN(64, result);
    }
    throw new RangeError('protobuf: varint longer than 10 bytes');
  }

  /** A varint read as a signed 64-bit integer (`int64`, and `int32` which is sign-extended). */
  int64(): bigint {
    return BigInt.asIntN(64, this.varint());
  }

  /** The next field's number and wire type. */
  tag(): ProtobufField {
    const tag = this.varint();
    const field = Number(tag >> 3n);
    if (field === 0 || field > 0x1fffffff) throw new RangeError(`protobuf: invalid field number ${field}`);
    return { field, wireType: Number(tag & 7n) };
  }

  /** A length-delimited field's bytes (a view, not a copy). */
  bytes(): Uint8Array {
    const length = Number(this.varint());
    const end = this.#pos + length;
    if (end > this.#bytes.length) throw new RangeError('protobuf: truncated length-delimited field');
    const view = this.#bytes.subarray(this.#pos, end);
    this.#pos = end;
    return view;
  }

  string(): string {
    return decoder.decode(this.bytes());
  }

  /** Skips a field's value of `wireType`. */
  skip(wireType: number): void {
    if (wireType === WireType.VARINT) this.varint();
    else if (wireType === WireType.LENGTH_DELIMITED) this.bytes();
    else if (wireType === WireType.FIXED64) this.#advance(8);
    else if (wireType === WireType.FIXED32) this.#advance(4);
    else throw new RangeError(`protobuf: unsupported wire type ${wireType}`);
  }

  #advance(count: number): void {
    if (this.#pos + count > this.#bytes.length) throw new RangeError('protobuf: truncated fixed field');
    this.#pos += count;
  }
}
