import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  Credentials,
  CredentialsError,
  KEY_ID_PREFIX,
  KEY_SECRET_PREFIX,
  TelemetryFlowError,
} from '../src/index.js';

const ID = 'tfk_abc123';
const SECRET = 'tfs_s3cr3t-value-XYZ';

const problemsOf = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CredentialsError);
    return (error as CredentialsError).problems.map((p) => `${p.field}: ${p.message}`);
  }
  throw new Error('expected a CredentialsError');
};

describe('Credentials', () => {
  describe('create', () => {
    it('accepts a prefixed id and secret', () => {
      const c = Credentials.create(ID, SECRET);
      expect(c.keyId).toBe(ID);
      expect(c.keySecret).toBe(SECRET);
      expect(new Credentials(ID, SECRET).equals(c)).toBe(true);
    });

    it('exposes the prefixes', () => {
      expect(KEY_ID_PREFIX).toBe('tfk_');
      expect(KEY_SECRET_PREFIX).toBe('tfs_');
      expect(Credentials.KEY_ID_PREFIX).toBe('tfk_');
      expect(Credentials.KEY_SECRET_PREFIX).toBe('tfs_');
    });

    it.each([
      ['empty id', '', SECRET, 'keyId: API key ID is required'],
      ['empty secret', ID, '', 'keySecret: API key secret is required'],
      ['id without prefix', 'abc', SECRET, "keyId: API key ID must start with 'tfk_'"],
      ['secret without prefix', ID, 'abc', "keySecret: API key secret must start with 'tfs_'"],
      ['prefix-only id', 'tfk_', SECRET, "keyId: API key ID must have characters after 'tfk_'"],
      ['prefix-only secret', ID, 'tfs_', "keySecret: API key secret must have characters after 'tfs_'"],
      [
        'CR/LF in id',
        'tfk_a\r\nX-Evil: 1',
        SECRET,
        'keyId: API key ID may only contain printable ASCII characters without spaces',
      ],
      [
        'LF in secret',
        ID,
        'tfs_a\nb',
        'keySecret: API key secret may only contain printable ASCII characters without spaces',
      ],
      [
        'space in secret',
        ID,
        'tfs_a b',
        'keySecret: API key secret may only contain printable ASCII characters without spaces',
      ],
      [
        'non-ASCII in id',
        'tfk_é',
        SECRET,
        'keyId: API key ID may only contain printable ASCII characters without spaces',
      ],
    ])('rejects %s', (_case, id, secret, expected) => {
      expect(problemsOf(() => Credentials.create(id, secret))).toEqual([expected]);
    });

    it('rejects non-string values from untyped callers', () => {
      expect(problemsOf(() => Credentials.create(undefined as never, 42 as never))).toEqual([
        'keyId: API key ID is required',
        'keySecret: API key secret is required',
      ]);
    });

    it('lists every problem in one error', () => {
      const error = (() => {
        try {
          Credentials.create('bad', 'worse');
        } catch (e) {
          return e as CredentialsError;
        }
        throw new Error('unreachable');
      })();
      expect(error).toBeInstanceOf(TelemetryFlowError);
      expect(error.code).toBe('TF_CREDENTIALS_INVALID');
      expect(error.name).toBe('CredentialsError');
      expect(error.message).toBe(
        "Invalid TelemetryFlow credentials: API key ID must start with 'tfk_'; API key secret must start with 'tfs_'",
      );
    });

    it('never puts the rejected secret in the error', () => {
      const secret = 'tfs_leak\nme';
      try {
        Credentials.create(ID, secret);
        expect.unreachable();
      } catch (error) {
        expect(String(error)).not.toContain('leak');
        expect(JSON.stringify(error)).not.toContain('leak');
        expect(inspect(error)).not.toContain('leak');
      }
    });
  });

  describe('headers', () => {
    const c = Credentials.create(ID, SECRET);

    it('builds the Bearer authorization header', () => {
      expect(c.authorizationHeader()).toBe(`Bearer ${ID}:${SECRET}`);
    });

    it('builds the three auth headers', () => {
      expect(c.authHeaders()).toEqual({
        Authorization: `Bearer ${ID}:${SECRET}`,
        'X-TelemetryFlow-Key-ID': ID,
        'X-TelemetryFlow-Key-Secret': SECRET,
      });
    });

    it('returns a fresh object each time', () => {
      const h = c.authHeaders();
      h['X-TelemetryFlow-Key-ID'] = 'changed';
      expect(c.authHeaders()['X-TelemetryFlow-Key-ID']).toBe(ID);
    });
  });

  describe('equals', () => {
    const c = Credentials.create(ID, SECRET);

    it('is true for the same pair', () => {
      expect(c.equals(Credentials.create(ID, SECRET))).toBe(true);
    });

    it('is false for another id or secret, null and undefined', () => {
      expect(c.equals(Credentials.create('tfk_other', SECRET))).toBe(false);
      expect(c.equals(Credentials.create(ID, 'tfs_other'))).toBe(false);
      expect(c.equals(null)).toBe(false);
      expect(c.equals(undefined)).toBe(false);
    });
  });

  describe('redaction', () => {
    const c = Credentials.create(ID, SECRET);

    it('keeps the secret out of String()', () => {
      expect(String(c)).toBe(`Credentials(keyId=${ID}, keySecret=[REDACTED])`);
      // eslint-disable-next-line @typescript-eslint/restrict-template-expressions -- what a template literal prints is the point
      expect(`${c}`).not.toContain('s3cr3t');
    });

    it('keeps the secret out of JSON.stringify, also nested', () => {
      expect(JSON.parse(JSON.stringify(c))).toEqual({ keyId: ID, keySecret: '[REDACTED]' });
      expect(JSON.stringify({ deep: { c } })).not.toContain('s3cr3t');
    });

    it('keeps the secret out of util.inspect at any depth and with showHidden', () => {
      expect(inspect(c)).not.toContain('s3cr3t');
      expect(inspect({ a: { b: { c } } }, { depth: null, showHidden: true })).not.toContain('s3cr3t');
      expect(inspect(c, { customInspect: true })).toContain(ID);
    });

    it('does not expose the secret as an own property', () => {
      expect(Object.keys(c)).toEqual([]);
      expect(Object.getOwnPropertyNames(c)).toEqual([]);
    });
  });

  it('is immutable', () => {
    const c = Credentials.create(ID, SECRET);
    expect(Object.isFrozen(c)).toBe(true);
    expect(() => {
      (c as unknown as { keyId: string }).keyId = 'tfk_x';
    }).toThrow(TypeError);
  });
});
