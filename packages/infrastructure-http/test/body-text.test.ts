import { describe, expect, it } from 'vitest';
import { describeBody, excerpt } from '../src/body-text.js';
import { networkOutcome } from '../src/network-outcome.js';
import { rpcStatusMessage } from '../src/rpc-status.js';

const JSON_TYPE = { 'content-type': 'application/json' };
const PROTOBUF_TYPE = { 'content-type': 'application/x-protobuf' };

/** A `google.rpc.Status { code: 3, message }` in protobuf. */
const rpcStatus = (message: string): Buffer => {
  const text = Buffer.from(message);
  return Buffer.concat([Buffer.from([0x08, 0x03, 0x12, text.length]), text]);
};

describe('describeBody', () => {
  it('takes the "error" of a JSON body (the TelemetryFlow collector\'s format), else its "message"', () => {
    expect(describeBody(Buffer.from('{"error":"API Key ID not authorized"}'), JSON_TYPE)).toBe(
      'API Key ID not authorized',
    );
    expect(describeBody(Buffer.from('{"message":"quota"}'), {})).toBe('quota');
    expect(describeBody(Buffer.from('{"error":{"message":"nested"}}'), JSON_TYPE)).toBe('nested');
  });

  it('takes the message of a protobuf google.rpc.Status', () => {
    expect(describeBody(rpcStatus('invalid span id'), PROTOBUF_TYPE)).toBe('invalid span id');
    expect(rpcStatusMessage(Buffer.from([0x12, 0x09, 0x61]))).toBeUndefined(); // truncated
  });

  it('makes text one short line and says nothing for binary bodies', () => {
    expect(describeBody(Buffer.from('Failed to unmarshal traces\n'), {})).toBe('Failed to unmarshal traces');
    expect(describeBody(Buffer.from([0xff, 0xfe, 0x00, 0x9c, 0x80]), {})).toBe('');
    expect(describeBody(Buffer.alloc(0), {})).toBe('');
  });

  it('caps excerpts and removes control characters, so a body cannot forge log lines', () => {
    expect(excerpt('line one\r\nFAKE: line two\u001b[31m')).toBe('line one FAKE: line two [31m');
    expect(excerpt('y'.repeat(1_000))).toBe(`${'y'.repeat(200)}…`);
  });
});

describe('networkOutcome', () => {
  const url = 'https://collector:4318/v1/traces';
  const error = (code: string, message: string) => Object.assign(new Error(message), { code });

  it('retries connection errors', () => {
    expect(networkOutcome(error('ECONNRESET', 'socket hang up'), false, 1_000, url)).toEqual({
      status: 'retryable',
      reason: `request to ${url} failed: ECONNRESET: socket hang up`,
    });
    expect(
      networkOutcome(error('ECONNREFUSED', 'connect ECONNREFUSED 1.2.3.4:4318'), false, 1_000, url),
    ).toEqual({
      status: 'retryable',
      reason: `request to ${url} failed: connect ECONNREFUSED 1.2.3.4:4318`,
    });
  });

  it('retries timeouts, naming the deadline', () => {
    expect(networkOutcome(new Error('aborted'), true, 250, url)).toEqual({
      status: 'retryable',
      reason: `no complete response from ${url} within 250 ms`,
    });
  });

  it('fails what retrying cannot fix: TLS errors and requests Node would not send', () => {
    expect(networkOutcome(error('CERT_HAS_EXPIRED', 'certificate has expired'), false, 1, url).status).toBe(
      'failed',
    );
    expect(networkOutcome(error('ERR_SSL_WRONG_VERSION_NUMBER', 'x'), false, 1, url)).toEqual({
      status: 'failed',
      reason: `TLS handshake with ${url} failed (ERR_SSL_WRONG_VERSION_NUMBER)`,
    });
    expect(
      networkOutcome(error('ERR_INVALID_CHAR', 'Invalid character in header'), false, 1, url).status,
    ).toBe('failed');
  });
});

describe('redaction before excerpts', () => {
  const secret = 'tfs_0123456789abcdef0123456789';
  const redact = (text: string): string => text.split(secret).join('[REDACTED]');

  it('redacts a secret that straddles the cut, instead of leaking its beginning', () => {
    for (const pad of [180, 185, 190, 195]) {
      const said = describeBody(Buffer.from(`${'x'.repeat(pad)} ${secret} rest`), {}, redact);
      expect(said).not.toContain('tfs_0123');
      expect(said.length).toBeLessThanOrEqual(201);
    }
  });

  it('redacts a secret beyond the first 800 bytes that whitespace brings into the excerpt', () => {
    const said = describeBody(Buffer.from(`a${' '.repeat(795)}${secret}`), {}, redact);
    expect(said).toBe('a [REDACTED]');
  });
});
