import { Protocol } from '@telemetryflow/domain';
import { describe, expect, it } from 'vitest';
import {
  parseBoolean,
  parseInteger,
  parseOtlpProtocol,
  parseProtocol,
  quote,
  readFirst,
  readVar,
} from '../../src/builder/env.js';

describe('env parsing', () => {
  describe('readVar', () => {
    it('returns the trimmed value of a set variable', () => {
      expect(readVar({ A: '  value \n' }, 'A')).toBe('value');
    });

    it.each([
      ['unset', {}],
      ['empty (docker-compose VAR=)', { A: '' }],
      ['blank', { A: '   ' }],
      ['explicitly undefined', { A: undefined }],
    ])('treats %s as unset', (_label, env) => {
      expect(readVar(env, 'A')).toBeUndefined();
    });
  });

  describe('readFirst', () => {
    it('returns the first variable that is set, skipping empty ones', () => {
      expect(readFirst({ A: '', B: 'b', C: 'c' }, ['A', 'B', 'C'])).toEqual({ name: 'B', value: 'b' });
    });

    it('returns undefined when none is set', () => {
      expect(readFirst({ A: '' }, ['A', 'B'])).toBeUndefined();
    });
  });

  describe('parseBoolean', () => {
    it.each(['true', 'TRUE', 'True', '1', 'yes', 'YES', 'on', ' On '])('reads %j as true', (raw) => {
      expect(parseBoolean('X', raw)).toEqual({ ok: true, value: true });
    });

    it.each(['false', 'FALSE', '0', 'no', 'No', 'off', ' OFF '])('reads %j as false', (raw) => {
      expect(parseBoolean('X', raw)).toEqual({ ok: true, value: false });
    });

    it.each(['maybe', 'y', 'n', '2', 'truee', 'enabled'])('rejects %j naming the variable', (raw) => {
      expect(parseBoolean('TELEMETRYFLOW_INSECURE', raw)).toEqual({
        ok: false,
        problem: {
          field: 'TELEMETRYFLOW_INSECURE',
          message: `TELEMETRYFLOW_INSECURE must be true or false (or 1/0, yes/no, on/off), got '${raw}'`,
        },
      });
    });
  });

  describe('parseInteger', () => {
    it.each([
      ['10', 10],
      [' 42 ', 42],
      ['007', 7],
      ['0', 0],
    ])('reads %j as %d', (raw, value) => {
      expect(parseInteger('X', raw, { min: 0 })).toEqual({ ok: true, value });
    });

    it.each(['10s', '1.5', 'abc', '1e3', '0x10', '+5', '1 000', '--1', ''])('rejects %j', (raw) => {
      const parsed = parseInteger('TELEMETRYFLOW_TIMEOUT', raw, { min: 1, unit: 'seconds' });
      expect(parsed).toEqual({
        ok: false,
        problem: {
          field: 'TELEMETRYFLOW_TIMEOUT',
          message: `TELEMETRYFLOW_TIMEOUT must be a whole number of seconds, got '${raw}'`,
        },
      });
    });

    it('names the unit, or none for counts', () => {
      const ms = parseInteger('V', 'x', { min: 1, unit: 'milliseconds' });
      const count = parseInteger('V', 'x', { min: 1 });
      expect(!ms.ok && ms.problem.message).toBe("V must be a whole number of milliseconds, got 'x'");
      expect(!count.ok && count.problem.message).toBe("V must be a whole number, got 'x'");
    });

    it('rejects values below the minimum', () => {
      const zero = parseInteger('V', '0', { min: 1 });
      const negative = parseInteger('V', '-3', { min: 0 });
      expect(!zero.ok && zero.problem.message).toBe("V must be greater than 0, got '0'");
      expect(!negative.ok && negative.problem.message).toBe("V must be 0 or more, got '-3'");
    });

    it('rejects values beyond the safe integer range', () => {
      const huge = parseInteger('V', '99999999999999999999', { min: 0 });
      expect(!huge.ok && huge.problem.message).toBe("V is too large, got '99999999999999999999'");
    });
  });

  describe('parseProtocol', () => {
    it.each([
      ['grpc', Protocol.GRPC],
      ['GRPC', Protocol.GRPC],
      ['http', Protocol.HTTP],
      [' Http ', Protocol.HTTP],
    ])('reads %j', (raw, protocol) => {
      expect(parseProtocol('P', raw)).toEqual({ ok: true, value: protocol });
    });

    it.each(['udp', 'http/protobuf', 'https'])('rejects %j', (raw) => {
      const parsed = parseProtocol('TELEMETRYFLOW_PROTOCOL', raw);
      expect(!parsed.ok && parsed.problem).toEqual({
        field: 'TELEMETRYFLOW_PROTOCOL',
        message: `TELEMETRYFLOW_PROTOCOL must be 'grpc' or 'http', got '${raw}'`,
      });
    });
  });

  describe('parseOtlpProtocol', () => {
    it('reads grpc and http/protobuf', () => {
      expect(parseOtlpProtocol('P', 'grpc')).toEqual({ ok: true, value: Protocol.GRPC });
      expect(parseOtlpProtocol('P', 'http/protobuf')).toEqual({ ok: true, value: Protocol.HTTP });
    });

    it.each(['http/json', 'http', 'udp'])('rejects %j', (raw) => {
      const parsed = parseOtlpProtocol('OTEL_EXPORTER_OTLP_PROTOCOL', raw);
      expect(!parsed.ok && parsed.problem.field).toBe('OTEL_EXPORTER_OTLP_PROTOCOL');
      expect(!parsed.ok && parsed.problem.message).toContain('http/json is not supported');
    });
  });

  describe('quote', () => {
    it('quotes, replaces control characters and cuts long values', () => {
      expect(quote('a\nb')).toBe("'a?b'");
      expect(quote('x'.repeat(50))).toBe(`'${'x'.repeat(40)}…'`);
    });

    it('never shows a value that may be an API key secret (one pasted into the wrong variable)', () => {
      expect(quote('tfs_0123456789abcdef')).toBe(
        "a value containing 'tfs_' (not shown: it may be an API key secret)",
      );
      expect(quote('key=tfs_0123456789abcdef')).not.toContain('0123456789');
    });
  });
});
