import { describe, expect, it } from 'vitest';
import {
  ALL_SIGNALS,
  Protocol,
  SeverityLevel,
  SignalType,
  SpanKind,
  isProtocol,
  isSeverityLevel,
  isSignalType,
  isSpanKind,
  severityNumberOf,
} from '../src/index.js';

describe('enums', () => {
  it('carry the Python SDK string values', () => {
    expect(Protocol).toEqual({ GRPC: 'grpc', HTTP: 'http' });
    expect(SignalType).toEqual({ METRICS: 'metrics', LOGS: 'logs', TRACES: 'traces' });
    expect(SeverityLevel).toEqual({
      TRACE: 'trace',
      DEBUG: 'debug',
      INFO: 'info',
      WARN: 'warn',
      ERROR: 'error',
      FATAL: 'fatal',
    });
    expect(SpanKind).toEqual({
      INTERNAL: 'internal',
      SERVER: 'server',
      CLIENT: 'client',
      PRODUCER: 'producer',
      CONSUMER: 'consumer',
    });
    expect(ALL_SIGNALS).toEqual(['metrics', 'logs', 'traces']);
  });

  it('have guards that accept only their values', () => {
    expect(Object.values(Protocol).every(isProtocol)).toBe(true);
    expect(Object.values(SignalType).every(isSignalType)).toBe(true);
    expect(Object.values(SeverityLevel).every(isSeverityLevel)).toBe(true);
    expect(Object.values(SpanKind).every(isSpanKind)).toBe(true);
    for (const bad of ['GRPC', 'warning', 'toString', '__proto__', '', 1, null, undefined, {}]) {
      expect(isProtocol(bad)).toBe(false);
      expect(isSignalType(bad)).toBe(false);
      expect(isSeverityLevel(bad)).toBe(false);
      expect(isSpanKind(bad)).toBe(false);
    }
  });

  it('map severities to the first OTLP SeverityNumber of each range', () => {
    expect(Object.values(SeverityLevel).map(severityNumberOf)).toEqual([1, 5, 9, 13, 17, 21]);
  });
});
