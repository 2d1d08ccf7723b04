import { describe, expect, it } from 'vitest';
import { createRedactor, secretsOf } from '../src/redact.js';
import { SECRET, configFor } from './helpers.js';

describe('createRedactor', () => {
  it('removes a secret that contains another whole, and takes secrets as text, not patterns', () => {
    const redact = createRedactor(['token-abc', 'token-abc-extended', 'a.b*c+d?']);

    expect(redact('got token-abc-extended, token-abc and a.b*c+d?, not aXbbc')).toBe(
      'got [REDACTED], [REDACTED] and [REDACTED], not aXbbc',
    );
    expect(createRedactor([''])('nothing to hide')).toBe('nothing to hide');
  });
});

describe('secretsOf', () => {
  it('is the key secret and every custom header value, common and per signal, of 8 characters or more', () => {
    const config = configFor(
      { address: 'collector:4318' },
      {
        headers: { 'x-gateway-key': 'gw-common-key', 'x-tenant-id': 'acme' },
        signalOverrides: { logs: { headers: { 'x-gateway-key': 'gw-logs-key' } } },
      },
    );

    expect(secretsOf(config)).toEqual([SECRET, 'gw-common-key', 'gw-logs-key']);
  });
});
