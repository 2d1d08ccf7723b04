import { encodeRetryInfo, encodeStatusDetails } from '@telemetryflow-internal/test-utils/grpc-receiver';
import { describe, expect, it } from 'vitest';
import { ProtobufReader } from '../src/protobuf-reader.js';
import { retryDelayFromStatusDetails } from '../src/retry-info.js';

const RESOURCE_EXHAUSTED = 8;

/** Hand-made wire bytes: tag, then a length-delimited payload. */
const ld = (field: number, bytes: Uint8Array): Uint8Array =>
  Uint8Array.from([(field << 3) | 2, bytes.length, ...bytes]);
const any = (typeUrl: string, value: Uint8Array): Uint8Array =>
  Uint8Array.from([...ld(1, new TextEncoder().encode(typeUrl)), ...ld(2, value)]);

describe('retryDelayFromStatusDetails', () => {
  it('reads the RetryInfo delay of a google.rpc.Status in milliseconds', () => {
    const details = encodeStatusDetails({
      code: RESOURCE_EXHAUSTED,
      message: 'slow down',
      retryDelayMs: 2_500,
    });

    expect(retryDelayFromStatusDetails(details)).toBe(2_500);
  });

  it('rounds sub-millisecond nanos up', () => {
    const duration = Uint8Array.from([0x08, 0x01, 0x10, 0x01]); // 1 s and 1 ns
    const details = ld(3, any('type.googleapis.com/google.rpc.RetryInfo', ld(1, duration)));

    expect(retryDelayFromStatusDetails(details)).toBe(1_001);
  });

  it('finds the RetryInfo among other details, whatever host its type URL names', () => {
    const details = encodeStatusDetails({
      code: RESOURCE_EXHAUSTED,
      extraDetails: [
        { typeUrl: 'type.googleapis.com/google.rpc.DebugInfo', value: Uint8Array.from([0x0a, 0x00]) },
      ],
    });
    const retryInfo = ld(3, any('example.com/types/google.rpc.RetryInfo', encodeRetryInfo(40)));

    expect(retryDelayFromStatusDetails(Uint8Array.from([...details, ...retryInfo]))).toBe(40);
  });

  it('reads an empty RetryInfo as no delay at all (0 ms)', () => {
    const details = ld(3, any('type.googleapis.com/google.rpc.RetryInfo', new Uint8Array()));

    expect(retryDelayFromStatusDetails(details)).toBe(0);
  });

  it('reads a negative delay as 0 ms', () => {
    const minusOneSecond = Uint8Array.from([0x08, ...Array<number>(9).fill(0xff), 0x01]);
    const details = ld(3, any('type.googleapis.com/google.rpc.RetryInfo', ld(1, minusOneSecond)));

    expect(retryDelayFromStatusDetails(details)).toBe(0);
  });

  it('returns undefined when the details hold no RetryInfo', () => {
    expect(
      retryDelayFromStatusDetails(encodeStatusDetails({ code: RESOURCE_EXHAUSTED, message: 'x' })),
    ).toBeUndefined();
    expect(retryDelayFromStatusDetails(new Uint8Array())).toBeUndefined();
  });

  it('does not mistake a type whose name only ends like RetryInfo', () => {
    const details = ld(3, any('type.googleapis.com/acme.google.rpc.RetryInfo', encodeRetryInfo(40)));

    expect(retryDelayFromStatusDetails(details)).toBeUndefined();
  });

  it.each([
    ['a truncated length', Uint8Array.from([0x1a, 0x05, 0x0a])],
    ['a truncated varint', Uint8Array.from([0x08, 0xff])],
    ['a group wire type', Uint8Array.from([0x0b])],
    [
      'field number 0',
      Uint8Array.from([
        0x02,
        0x00,
        ...ld(3, any('type.googleapis.com/google.rpc.RetryInfo', new Uint8Array())),
      ]),
    ],
    ['an overlong varint', Uint8Array.from([0x08, ...Array<number>(11).fill(0xff)])],
  ])('returns undefined, without throwing, for %s', (_what, bytes) => {
    expect(retryDelayFromStatusDetails(bytes)).toBeUndefined();
  });
});

describe('ProtobufReader', () => {
  it('reads tags, varints, strings and skips fixed-width fields', () => {
    const bytes = Uint8Array.from([
      0x08,
      0x96,
      0x01, // field 1 varint 150
      0x11,
      1,
      2,
      3,
      4,
      5,
      6,
      7,
      8, // field 2 fixed64
      0x1d,
      1,
      2,
      3,
      4, // field 3 fixed32
      0x22,
      0x02,
      0x68,
      0x69, // field 4 "hi"
    ]);
    const reader = new ProtobufReader(bytes);

    expect(reader.tag()).toEqual({ field: 1, wireType: 0 });
    expect(reader.varint()).toBe(150n);
    reader.skip(reader.tag().wireType);
    reader.skip(reader.tag().wireType);
    expect(reader.tag()).toEqual({ field: 4, wireType: 2 });
    expect(reader.string()).toBe('hi');
    expect(reader.done).toBe(true);
  });

  it('reads the largest 64-bit varint and its signed value', () => {
    const reader = new ProtobufReader(Uint8Array.from([...Array<number>(9).fill(0xff), 0x01]));

    expect(BigInt.asIntN(64, reader.varint())).toBe(-1n);
  });

  it('throws a RangeError when a fixed field runs past the end', () => {
    expect(() => new ProtobufReader(Uint8Array.from([1, 2])).skip(1)).toThrow(RangeError);
  });
});
