import { generate } from 'selfsigned';

export interface TestCertificates {
  /** Self-signed server certificate for `localhost` and 127.0.0.1; also the CA of the client certificate. */
  readonly cert: string;
  readonly key: string;
  readonly clientCert: string;
  readonly clientKey: string;
}

let generated: Promise<TestCertificates> | undefined;

/** A server certificate and a client certificate signed by it, generated once per test file. */
export const testCertificates = (): Promise<TestCertificates> =>
  (generated ??= generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true, clientAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
    clientCertificate: { cn: 'svc-client' },
  }).then((pems) => ({
    cert: pems.cert,
    key: pems.private,
    clientCert: pems.clientcert ?? '',
    clientKey: pems.clientprivate ?? '',
  })));
