import { request } from 'node:http';
import type { ClientRequest, OutgoingHttpHeaders } from 'node:http';

export interface Answer {
  readonly status: number;
  readonly body: string;
  /** `false` when the server broke the connection before the body was complete. */
  readonly complete: boolean;
  /** The local (ephemeral) port of the connection: the server's `network.peer.port`. */
  readonly clientPort: number | undefined;
}

export interface SendOptions {
  readonly method?: string;
  readonly headers?: OutgoingHttpHeaders;
  readonly body?: string;
}

/**
 * One HTTP/1.1 request on a connection of its own (so its client port is its own), resolving with
 * whatever arrived, also when the server broke off the body; it rejects only when no response came.
 */
export const send = (baseUrl: string, path: string, options: SendOptions = {}): Promise<Answer> =>
  new Promise((resolve, reject) => {
    const req = request(`${baseUrl}${path}`, {
      agent: false,
      method: options.method ?? 'GET',
      headers: options.headers,
    });
    req.once('error', reject);
    req.once('response', (res) => {
      const clientPort = req.socket?.localPort;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', () => undefined); // `aborted` after a broken body: reported through `complete`
      res.once('close', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
          complete: res.complete,
          clientPort,
        }),
      );
    });
    req.end(options.body);
  });

/** Sends a request and returns it unanswered, for the caller to abandon (`destroy()`). */
export const open = (baseUrl: string, path: string): ClientRequest => {
  const req = request(`${baseUrl}${path}`, { agent: false });
  req.on('error', () => undefined); // the abandoned request's own `socket hang up`
  req.end();
  return req;
};
