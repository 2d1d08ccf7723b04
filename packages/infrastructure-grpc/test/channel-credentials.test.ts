import * as grpc from '@grpc/grpc-js';
import { createInsecureCredentials, createSslCredentials } from '@opentelemetry/otlp-grpc-exporter-base';
import { beforeAll, describe, expect, it } from 'vitest';
import { channelCredentialsOf } from '../src/channel-credentials.js';
import { testCertificates } from './support/certificates.js';
import type { TestCertificates } from './support/certificates.js';

let pems: TestCertificates;
beforeAll(async () => {
  pems = await testCertificates();
});

/** OpenTelemetry's helpers, recording what they were given. */
const recordingHelpers = () => {
  const calls: unknown[][] = [];
  return {
    calls,
    createInsecureCredentials: () => (calls.push(['insecure']), createInsecureCredentials()),
    createSslCredentials: (...args: Parameters<typeof createSslCredentials>) => (
      calls.push(['ssl', ...args]),
      createSslCredentials(...args)
    ),
  };
};

describe('channelCredentialsOf', () => {
  it("makes plaintext credentials with OpenTelemetry's createInsecureCredentials", () => {
    const otlp = recordingHelpers();

    expect(channelCredentialsOf(otlp, true, { ca: Buffer.from('ignored') })._isSecure()).toBe(false);
    expect(otlp.calls).toEqual([['insecure']]);
  });

  it("makes TLS credentials with OpenTelemetry's createSslCredentials from the checked PEM bytes", () => {
    const otlp = recordingHelpers();
    const tls = {
      ca: Buffer.from(pems.cert),
      cert: Buffer.from(pems.clientCert),
      key: Buffer.from(pems.clientKey),
    };

    const credentials = channelCredentialsOf(otlp, false, tls);

    expect(credentials).toBeInstanceOf(grpc.ChannelCredentials); // one grpc-js copy in the workspace
    expect(credentials._isSecure()).toBe(true);
    expect(otlp.calls).toEqual([['ssl', tls.ca, tls.key, tls.cert]]);
  });

  it('checks the PEM material before calling the helper', () => {
    const otlp = recordingHelpers();

    expect(() => channelCredentialsOf(otlp, false, { ca: Buffer.from('not a pem') })).toThrow(/is not a PEM/);
    expect(otlp.calls).toEqual([]);
  });
});
