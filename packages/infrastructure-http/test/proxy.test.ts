import { AMPLE_MS } from '@telemetryflow-internal/test-utils';
import { Agent } from 'node:http';
import { ConfigError } from '@telemetryflow/client';
import { HttpProxyAgent } from 'http-proxy-agent';
import { generate } from 'selfsigned';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHttpTransport } from '../src/index.js';
import { startProxy } from './connect-proxy.js';
import type { TestProxy } from './connect-proxy.js';
import { builderFor, guardProcess, receiverFor, spanNames, started, track } from './helpers.js';

guardProcess();

const PROXY_VARIABLES = ['http_proxy', 'https_proxy', 'all_proxy', 'no_proxy'];

let tls: { key: string; cert: string };

beforeAll(async () => {
  // The default extensions name localhost and 127.0.0.1.
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], { keyType: 'ec' });
  tls = { key: pems.private, cert: pems.cert };
});
beforeEach(() => {
  // Whatever the machine running the tests has set, each test starts with no proxy.
  for (const name of PROXY_VARIABLES) {
    vi.stubEnv(name, '');
    vi.stubEnv(name.toUpperCase(), '');
  }
});
afterEach(() => vi.unstubAllEnvs());

const proxyFor = async (): Promise<TestProxy> => track(await startProxy());

describe('proxies from the environment', () => {
  it('sends to an http:// collector as an absolute-URI request to HTTP_PROXY', async () => {
    const [receiver, proxy] = [await receiverFor(), await proxyFor()];
    vi.stubEnv('HTTP_PROXY', proxy.url);
    const client = started(builderFor(receiver).withExporter(createHttpTransport()));
    client.span('via-proxy', () => client.logInfo('through the proxy'));
    await client.shutdown(AMPLE_MS);

    expect(proxy.seen.map((r) => [r.method, r.target]).sort()).toEqual([
      ['POST', `${receiver.url}/v1/logs`],
      ['POST', `${receiver.url}/v1/traces`],
    ]);
    expect(spanNames(receiver)).toEqual(['via-proxy']);
    expect(receiver.logs().map((l) => l.item['body'])).toMatchObject([{ stringValue: 'through the proxy' }]);
  });

  it('tunnels to an https:// collector with CONNECT through https_proxy, TLS to the collector inside', async () => {
    const [receiver, proxy] = [await receiverFor({ tls }), await proxyFor()];
    vi.stubEnv('https_proxy', proxy.url);
    vi.stubEnv('HTTPS_PROXY', 'http://127.0.0.1:9'); // the lower-case name wins, as in curl
    const client = started(
      builderFor(receiver)
        .withInsecure(false)
        .withTracesOnly()
        .withExporter(createHttpTransport({ ca: tls.cert })),
    );
    client.span('tunnelled', () => undefined);
    await client.shutdown(AMPLE_MS);

    expect(receiver.url).toMatch(/^https:/);
    expect(proxy.seen.map((r) => [r.method, r.target])).toEqual([['CONNECT', receiver.address]]);
    expect(spanNames(receiver)).toEqual(['tunnelled']);
  });

  it('sends the credentials of the proxy URL as Proxy-Authorization, and nowhere else', async () => {
    const [receiver, proxy] = [await receiverFor(), await proxyFor()];
    vi.stubEnv('HTTP_PROXY', proxy.url.replace('//', '//otel:pr0xy-s3cret@'));
    const client = started(builderFor(receiver).withTracesOnly().withExporter(createHttpTransport()));
    client.span('authenticated', () => undefined);
    await client.shutdown(AMPLE_MS);

    const basic = `Basic ${Buffer.from('otel:pr0xy-s3cret').toString('base64')}`;
    expect(proxy.seen.map((r) => r.proxyAuthorization)).toEqual([basic]);
    expect(receiver.requests[0]?.headers).not.toHaveProperty('proxy-authorization');
    expect(spanNames(receiver)).toEqual(['authenticated']);
  });

  it.each([
    ['NO_PROXY', (address: string) => address.split(':')[0] ?? ''],
    ['no_proxy', (address: string) => `example.com, ${address}`],
    ['NO_PROXY', () => '*'],
  ])('goes direct when %s lists the collector', async (variable, list) => {
    const [receiver, proxy] = [await receiverFor(), await proxyFor()];
    vi.stubEnv('HTTP_PROXY', proxy.url);
    vi.stubEnv(variable, list(receiver.address));
    const client = started(builderFor(receiver).withTracesOnly().withExporter(createHttpTransport()));
    client.span('direct', () => undefined);
    await client.shutdown(AMPLE_MS);

    expect(proxy.seen).toEqual([]);
    expect(spanNames(receiver)).toEqual(['direct']);
  });

  it('reports an unreachable proxy as a retryable failure naming the collector URL', async () => {
    const [receiver, proxy] = [await receiverFor(), await proxyFor()];
    await proxy.close();
    vi.stubEnv('HTTP_PROXY', proxy.url.replace('//', '//otel:pr0xy-s3cret@'));
    const client = started(
      builderFor(receiver).withTracesOnly().withRetry(false).withExporter(createHttpTransport()),
    );
    client.span('lost', () => undefined);
    await client.flush(AMPLE_MS);

    const { lastError } = client.getStatus().signals.traces;
    expect(lastError).toMatch(new RegExp(`^request to ${receiver.url}/v1/traces failed: .*ECONNREFUSED`));
    expect(lastError).not.toContain('pr0xy-s3cret');
    expect(receiver.requests).toEqual([]);
  });
});

describe('a user-supplied agent', () => {
  it('wins over HTTP_PROXY, and stays open after shutdown', async () => {
    const [receiver, proxy] = [await receiverFor(), await proxyFor()];
    vi.stubEnv('HTTP_PROXY', proxy.url);
    const agent = new Agent({ keepAlive: true });
    track({ close: () => Promise.resolve(agent.destroy()) });
    const connections: unknown[] = [];
    agent.on('free', (socket) => connections.push(socket));
    const client = started(
      builderFor(receiver).withTracesOnly().withExporter(createHttpTransport({ agent })),
    );
    client.span('own-agent', () => undefined);
    await client.shutdown(AMPLE_MS);

    expect(proxy.seen).toEqual([]);
    expect(spanNames(receiver)).toEqual(['own-agent']);
    expect(connections).toHaveLength(1);
    expect(Object.values(agent.freeSockets).flat()).toHaveLength(1); // not closed by the transport
  });

  it('can be a proxy agent the application configured itself', async () => {
    const [receiver, proxy] = [await receiverFor(), await proxyFor()];
    const agent = new HttpProxyAgent(proxy.url, { keepAlive: true });
    track({ close: () => Promise.resolve(agent.destroy()) });
    const client = started(
      builderFor(receiver).withTracesOnly().withExporter(createHttpTransport({ agent })),
    );
    client.span('app-proxy', () => undefined);
    await client.shutdown(AMPLE_MS);

    expect(proxy.seen.map((r) => [r.method, r.target])).toEqual([['POST', `${receiver.url}/v1/traces`]]);
    expect(spanNames(receiver)).toEqual(['app-proxy']);
  });

  it('cannot be combined with TLS or pool options, which belong on the agent', () => {
    const agent = new Agent();
    expect(() => createHttpTransport({ agent, ca: 'pem' })).toThrow(ConfigError);
    expect(() => createHttpTransport({ agent, maxSockets: 2 })).toThrow(
      /maxSockets does not apply with agent/,
    );
    agent.destroy();
  });
});
