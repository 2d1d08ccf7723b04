import { describe, expect, it } from 'vitest';
import { MIN_SECRET_LENGTH, createRedactor } from '../src/index.js';
import { SECRET, makeConfig } from './fixtures.js';

describe('createRedactor', () => {
  it('replaces every occurrence of each secret', () => {
    const redact = createRedactor(['s3cret-one', 's3cret-two']);
    expect(redact('a s3cret-one, b s3cret-two, a s3cret-one')).toBe(
      'a [REDACTED], b [REDACTED], a [REDACTED]',
    );
  });

  it('removes a secret that contains another whole, and takes secrets as text, not patterns', () => {
    const redact = createRedactor(['token-abc', 'token-abc-extended', 'a.b*c+d?']);
    expect(redact('got token-abc-extended and a.b*c+d?, not aXbbc')).toBe(
      'got [REDACTED] and [REDACTED], not aXbbc',
    );
  });

  it('leaves text alone without secrets', () => {
    expect(createRedactor([])('nothing to hide')).toBe('nothing to hide');
    expect(createRedactor([''])('nothing to hide')).toBe('nothing to hide');
  });
});

describe('TelemetryConfig#getSecretValues', () => {
  it('is the key secret and every custom header value, common and per signal, long enough to be one', () => {
    const config = makeConfig({
      headers: { 'x-gateway-key': 'gw-common-key', 'x-tenant-id': 'acme' },
      signalOverrides: {
        traces: { headers: { 'x-gateway-key': 'gw-traces-key' } },
        logs: { endpoint: 'other:4317' },
      },
    });
    expect(config.getSecretValues()).toEqual([SECRET, 'gw-common-key', 'gw-traces-key']);
    expect('acme'.length).toBeLessThan(MIN_SECRET_LENGTH);
  });
});
