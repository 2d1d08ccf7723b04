import { Protocol } from '@telemetryflow/domain';
import { describe, expect, it } from 'vitest';
import {
  parseOtlpEndpoint,
  parseResourceAttributes,
  resolveOtlpEndpoint,
} from '../../src/builder/otel-env.js';
import type { OtlpEndpoint } from '../../src/builder/otel-env.js';

const VAR = 'OTEL_RESOURCE_ATTRIBUTES';

const endpointOf = (raw: string): OtlpEndpoint => {
  const parsed = parseOtlpEndpoint('OTEL_EXPORTER_OTLP_ENDPOINT', raw);
  if (!parsed.ok) throw new Error(parsed.problem.message);
  return parsed.value;
};

describe('parseResourceAttributes', () => {
  it('splits key=value pairs, trims and percent-decodes them', () => {
    const parsed = parseResourceAttributes(VAR, ' team = payments , region=eu%2Cwest ,note=a%3Db%20c');
    expect(parsed.all).toEqual({ team: 'payments', region: 'eu,west', note: 'a=b c' });
    expect(parsed.problem).toBeUndefined();
  });

  it('keeps service and environment keys out of the custom attributes', () => {
    const parsed = parseResourceAttributes(
      VAR,
      'service.name=a,service.version=2,service.namespace=n,deployment.environment.name=e,deployment.environment=f,k=v',
    );
    expect(parsed.custom).toEqual({ k: 'v' });
    expect(parsed.all['service.name']).toBe('a');
  });

  it('skips empty entries and accepts empty values', () => {
    expect(parseResourceAttributes(VAR, 'a=1,,b=,').all).toEqual({ a: '1', b: '' });
  });

  it('reports malformed entries naming the variable, keeping the good ones', () => {
    const parsed = parseResourceAttributes(VAR, 'a=1,broken,=nokey,bad=%zz');
    expect(parsed.all).toEqual({ a: '1' });
    expect(parsed.problem).toEqual({
      field: VAR,
      message:
        "OTEL_RESOURCE_ATTRIBUTES has malformed entries 'broken', '=nokey', 'bad=%zz' (expected key=value, comma-separated, values percent-encoded)",
    });
  });
});

describe('parseOtlpEndpoint', () => {
  it('reads an http URL with port', () => {
    expect(endpointOf('http://localhost:4317/')).toEqual({
      url: 'http://localhost:4317',
      scheme: 'http',
      host: 'localhost',
      port: 4317,
    });
  });

  it('reads an https URL without port', () => {
    expect(endpointOf('https://collector.example.com')).toEqual({
      url: 'https://collector.example.com',
      scheme: 'https',
      host: 'collector.example.com',
    });
  });

  it('keeps a bare host:port as it is', () => {
    expect(endpointOf('collector:4317')).toEqual({ url: 'collector:4317' });
  });

  it.each([
    ['ftp://host:21', 'must start with http:// or https://'],
    ['http://user:pw@host:4317', 'must not contain credentials'],
    ['http://host:4317/?a=b', 'must not have a query or fragment'],
    ['http://[bad', 'is not a valid URL'],
  ])('rejects %j without echoing it', (raw, why) => {
    const parsed = parseOtlpEndpoint('OTEL_EXPORTER_OTLP_ENDPOINT', raw);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problem.field).toBe('OTEL_EXPORTER_OTLP_ENDPOINT');
    expect(parsed.problem.message).toContain(why);
    expect(parsed.problem.message).not.toContain(raw);
  });
});

describe('resolveOtlpEndpoint', () => {
  it('turns a URL into host:port for gRPC, insecure from the scheme', () => {
    expect(resolveOtlpEndpoint(endpointOf('http://localhost:4317'), Protocol.GRPC)).toEqual({
      endpoint: 'localhost:4317',
      insecure: true,
    });
    expect(resolveOtlpEndpoint(endpointOf('https://c.example.com/otlp'), Protocol.GRPC)).toEqual({
      endpoint: 'c.example.com:4317',
      insecure: false,
    });
  });

  it('keeps IPv6 brackets for gRPC', () => {
    expect(resolveOtlpEndpoint(endpointOf('http://[::1]:5317'), Protocol.GRPC).endpoint).toBe('[::1]:5317');
  });

  it('keeps the URL for HTTP', () => {
    expect(resolveOtlpEndpoint(endpointOf('http://localhost:4318/otlp/'), Protocol.HTTP)).toEqual({
      endpoint: 'http://localhost:4318/otlp',
      insecure: true,
    });
  });

  it('leaves insecure alone for a bare host:port', () => {
    expect(resolveOtlpEndpoint(endpointOf('collector:4317'), Protocol.GRPC)).toEqual({
      endpoint: 'collector:4317',
    });
  });
});
