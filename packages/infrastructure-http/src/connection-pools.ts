import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import type { Agent } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { ALL_SIGNALS, MIN_SECRET_LENGTH } from '@telemetryflow/domain';
import type { SignalType, TelemetryConfig } from '@telemetryflow/domain';
import { HttpProxyAgent } from 'http-proxy-agent';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { getProxyForUrl } from 'proxy-from-env';
import type { RequestFn } from './post-request.js';
import type { TlsSettings } from './tls-settings.js';

/** A keep-alive connection pool and the `request` function of its scheme. */
export interface ConnectionPool {
  readonly agent: Agent;
  readonly request: RequestFn;
  /** The transport made the agent, so it closes it at shutdown; a user's agent stays open. */
  readonly owned: boolean;
  /**
   * TLS material for the collector, given with each request: a proxy agent takes it from the
   * request, not from its own options.
   */
  readonly tls?: TlsSettings;
}

/** The pool each signal's requests go through. */
export type ConnectionPools = Readonly<Record<SignalType, ConnectionPool>>;

export interface PoolSettings {
  readonly maxSockets: number;
  /** The user's agent (`createHttpTransport({ agent })`), which every request then uses. */
  readonly agent?: Agent | undefined;
  /** TLS material for https endpoints, read only when one is in use. */
  readonly tls: () => TlsSettings;
}

const requestFor = (url: URL): RequestFn => (url.protocol === 'https:' ? httpsRequest : httpRequest);

/**
 * The proxy a URL goes through per the de facto standard variables, read through `proxy-from-env`:
 * `https_proxy` / `HTTPS_PROXY` for https URLs, `http_proxy` / `HTTP_PROXY` for http ones,
 * `all_proxy` / `ALL_PROXY` for both, lower case first; none when `no_proxy` / `NO_PROXY` lists the
 * host (`host`, `host:port`, `.suffix`, `*.suffix`, or `*` for every host). `''` when none.
 */
export const proxyFor = (url: URL): string => getProxyForUrl(url.href);

/**
 * One pool per scheme and proxy in use (signals on the same scheme and proxy share it):
 * a direct `http.Agent` / `https.Agent`; through a proxy, an absolute-URI request to it for http
 * endpoints (`http-proxy-agent`) and a `CONNECT` tunnel with TLS to the collector inside for https
 * ones (`https-proxy-agent`). A user's agent is used for everything and is not closed by the transport.
 */
export const createConnectionPools = (config: TelemetryConfig, settings: PoolSettings): ConnectionPools => {
  const byKey = new Map<string, ConnectionPool>();
  const pool = { keepAlive: true, maxSockets: settings.maxSockets, scheduling: 'lifo' } as const;
  const poolFor = (url: URL): ConnectionPool => {
    if (settings.agent !== undefined) {
      return { agent: settings.agent, request: requestFor(url), owned: false };
    }
    const https = url.protocol === 'https:';
    const proxy = proxyFor(url);
    const key = `${url.protocol} ${proxy}`;
    const known = byKey.get(key);
    if (known !== undefined) return known;
    const tls = https ? settings.tls() : {};
    let agent: Agent;
    if (proxy === '') agent = https ? new HttpsAgent({ ...pool, ...tls }) : new HttpAgent(pool);
    else agent = https ? new HttpsProxyAgent(proxy, { ...pool, ...tls }) : new HttpProxyAgent(proxy, pool);
    const made = { agent, request: requestFor(url), owned: true, ...(https && { tls }) };
    byKey.set(key, made);
    return made;
  };
  const pools = {} as Record<SignalType, ConnectionPool>;
  for (const signal of ALL_SIGNALS) pools[signal] = poolFor(new URL(config.getSignalUrl(signal)));
  return pools;
};

/**
 * The password of each proxy URL in use, to keep out of reasons and diagnostics; as for custom
 * header values, those shorter than `MIN_SECRET_LENGTH` are left alone (redacting them would
 * mangle every reason).
 */
export const proxySecrets = (config: TelemetryConfig): string[] =>
  ALL_SIGNALS.flatMap((signal) => {
    const proxy = proxyFor(new URL(config.getSignalUrl(signal)));
    if (proxy === '') return [];
    try {
      const { password } = new URL(proxy);
      const decoded = decodeURIComponent(password);
      return decoded.length < MIN_SECRET_LENGTH ? [] : [password, decoded];
    } catch {
      return [];
    }
  });
