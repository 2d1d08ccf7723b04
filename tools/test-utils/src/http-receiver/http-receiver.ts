import { createServer as createHttpServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { SignalType } from '@telemetryflow/domain';
import { logsOf, metricsOf, spansOf } from '../otlp-views.js';
import { otlpReply, telemetryflowReply } from './modes.js';
import { readBody, recordRequest } from './read-request.js';
import type { RequestRecord } from './read-request.js';
import type { HttpReceiver, HttpReceiverOptions, HttpReply, HttpResponder } from './receiver-types.js';
import { writeReply } from './write-reply.js';

const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;
const TOO_LARGE: HttpReply = {
  status: 413,
  headers: { connection: 'close' },
  body: 'Request body too large',
};

class LoopbackHttpReceiver implements HttpReceiver {
  readonly requests: RequestRecord[] = [];
  respond: HttpResponder | undefined;
  readonly #options: HttpReceiverOptions;
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  readonly #timers = new Set<NodeJS.Timeout>();
  #closing: Promise<void> | undefined;
  #port = 0;
  #received = 0;

  constructor(options: HttpReceiverOptions) {
    this.#options = options;
    const { tls } = options;
    const handler = (req: IncomingMessage, res: ServerResponse): void => void this.#handle(req, res);
    this.#server =
      tls === undefined
        ? createHttpServer(handler)
        : createHttpsServer(
            { key: tls.key, cert: tls.cert, ca: tls.ca, requestCert: !!tls.ca, rejectUnauthorized: !!tls.ca },
            handler,
          );
    this.#server.on('connection', (socket: Socket) => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    });
    this.#server.on('clientError', (_error, socket: Socket) => socket.destroy());
  }

  /** The port listened on (still known after `close()`). */
  get port(): number {
    return this.#port;
  }

  get address(): string {
    const host = this.#options.host ?? '127.0.0.1';
    return `${host.includes(':') ? `[${host}]` : host}:${this.port}`;
  }

  get url(): string {
    return `${this.#options.tls === undefined ? 'http' : 'https'}://${this.address}`;
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(this.#options.port ?? 0, this.#options.host ?? '127.0.0.1', () => {
        this.#server.off('error', reject);
        this.#port = (this.#server.address() as AddressInfo).port;
        resolve();
      });
    });
    return this;
  }

  accepted(signal?: SignalType): RequestRecord[] {
    return this.requests.filter(
      (r) =>
        r.request !== undefined &&
        r.status !== undefined &&
        r.status >= 200 &&
        r.status < 300 &&
        (signal === undefined || r.signal === signal),
    );
  }

  spans() {
    return this.accepted('traces').flatMap((r) => (r.request === undefined ? [] : spansOf(r.request)));
  }

  logs() {
    return this.accepted('logs').flatMap((r) => (r.request === undefined ? [] : logsOf(r.request)));
  }

  metrics() {
    return this.accepted('metrics').flatMap((r) => (r.request === undefined ? [] : metricsOf(r.request)));
  }

  close(): Promise<void> {
    this.#closing ??= new Promise<void>((resolve) => {
      for (const timer of this.#timers) clearTimeout(timer);
      this.#timers.clear();
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
      for (const socket of this.#sockets) socket.destroy();
    });
    return this.#closing;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.on('error', () => undefined);
    const wire = await readBody(req, this.#options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
    const record = await recordRequest(req, wire ?? Buffer.alloc(0));
    this.requests.push(record);
    const count = ++this.#received;
    const { retain } = this.#options;
    if (retain !== undefined && this.requests.length > retain)
      this.requests.splice(0, this.requests.length - retain);
    const reply = wire === undefined ? TOO_LARGE : await this.#replyTo(record, count);
    if (reply.hang === true || this.#closing !== undefined) return;
    if (reply.reset === true) {
      req.socket.destroy();
      return;
    }
    const answer = (): void => {
      record.status = writeReply(res, reply, record.signal);
      this.#notifyAccepted(record);
    };
    if (reply.delayMs === undefined || reply.delayMs <= 0) return answer();
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      answer();
    }, reply.delayMs);
    this.#timers.add(timer);
  }

  #notifyAccepted(record: RequestRecord): void {
    const { status, signal, request } = record;
    if (
      status === undefined ||
      status < 200 ||
      status >= 300 ||
      signal === undefined ||
      request === undefined
    )
      return;
    try {
      this.#options.onAccepted?.(signal, request, record.headers);
    } catch {
      // A failing observer must not fail the export.
    }
  }

  async #replyTo(record: RequestRecord, count: number): Promise<HttpReply> {
    try {
      return (await this.respond?.(record, count)) ?? this.#defaultReply(record);
    } catch (error) {
      return { status: 500, body: `respond hook threw: ${String(error)}` };
    }
  }

  #defaultReply(record: RequestRecord): HttpReply {
    return this.#options.mode === 'telemetryflow'
      ? telemetryflowReply(record, this.#options)
      : otlpReply(record);
  }
}

/**
 * Starts an OTLP/HTTP receiver on a loopback port that decodes every request with the official
 * OTLP protos. Answers like a standard OTLP receiver or like the TelemetryFlow collector (`mode`),
 * unless `respond` decides otherwise.
 * @example
 * ```ts
 * const receiver = await startHttpReceiver({ mode: 'telemetryflow' });
 * // the first request gets 503 with Retry-After, the others the mode's answer
 * receiver.respond = (_request, count) =>
 *   count === 1 ? { status: 503, headers: { 'retry-after': '1' } } : undefined;
 * // … export to receiver.address …
 * expect(receiver.spans().map((s) => s.item['name'])).toEqual(['checkout']);
 * await receiver.close();
 * ```
 */
export const startHttpReceiver = (options: HttpReceiverOptions = {}): Promise<HttpReceiver> =>
  new LoopbackHttpReceiver(options).listen();
