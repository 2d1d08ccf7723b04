import { createServer } from 'node:http';
import { createServer as createH2 } from 'node:http2';
import { createServer as createTls } from 'node:https';
import { TelemetryConfig, Credentials } from '@telemetryflow/client';
import { createTransport as grpcT } from '@telemetryflow/infrastructure-grpc';
import { createTransport as httpT } from '@telemetryflow/infrastructure-http';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
const listen = (s) => new Promise((r) => s.listen(0, '127.0.0.1', () => r(s.address().port)));
const plainPort = await listen(createServer((q, s) => s.end('ok')));
execFileSync('openssl', ['req','-x509','-newkey','rsa:2048','-nodes','-keyout','/tmp/k.pem','-out','/tmp/c.pem','-days','1','-subj','/CN=127.0.0.1'], { stdio: 'ignore' });
const tlsPort = await listen(createTls({ key: fs.readFileSync('/tmp/k.pem'), cert: fs.readFileSync('/tmp/c.pem') }, (q, s) => s.end('ok')));
const h2Port = await listen(createH2((q, s) => { s.end(); }));
const cfg = (endpoint, protocol, insecure) => TelemetryConfig.create({ credentials: Credentials.create('tfk_a','tfs_b'), endpoint, serviceName: 's', protocol, insecure, compression: false });
const ctx = { report: () => {}, clear: () => {} };
const cases = [
  ['http TLS -> plaintext port', () => httpT(cfg(`https://127.0.0.1:${plainPort}`, 'http', false), ctx)],
  ['http plaintext -> TLS port', () => httpT(cfg(`http://127.0.0.1:${tlsPort}`, 'http', true), ctx)],
  ['http -> h2c (grpc) port', () => httpT(cfg(`http://127.0.0.1:${h2Port}`, 'http', true), ctx)],
  ['grpc -> http/1.1 port', () => grpcT(cfg(`127.0.0.1:${plainPort}`, 'grpc', true), ctx)],
  ['grpc TLS -> plaintext http port', () => grpcT(cfg(`127.0.0.1:${plainPort}`, 'grpc', false), ctx)],
  ['grpc plaintext -> TLS port', () => grpcT(cfg(`127.0.0.1:${tlsPort}`, 'grpc', true), ctx)],
];
for (const [name, make] of cases) {
  const t = make();
  const o = await t.send('traces', new Uint8Array(0), { timeoutMs: 3000 });
  console.log(name, '=>', JSON.stringify(o));
  await t.shutdown();
}
process.exit(0);
