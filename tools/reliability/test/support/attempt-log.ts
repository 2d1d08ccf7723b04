import { createHash } from 'node:crypto';
import type {
  ExportOutcome,
  ExportTransport,
  ExportTransportFactory,
  SignalType,
} from '@telemetryflow/domain';

/** One `send()` the client's pipeline made through the real transport. */
export interface Attempt {
  readonly signal: SignalType;
  /** Hash of the request body: retries of one request have the same. */
  readonly body: string;
  /** Size of the request body as the transport got it (before any gzip), in bytes. */
  readonly bytes: number;
  /** `performance.now()` when it was sent. */
  readonly at: number;
  /** A recording call was on the stack when the pipeline sent (it must never be). */
  readonly duringRecording: boolean;
  outcome?: ExportOutcome['status'];
}

/** Every attempt of a client, through a decorator around its real transport. */
export class AttemptLog {
  readonly attempts: Attempt[] = [];
  /** Set by tests around their recording calls. */
  recording = false;

  /** Wraps a transport factory so that every `send()` is logged; the transport is unchanged. */
  wrap(factory: ExportTransportFactory): ExportTransportFactory {
    return (config, context): ExportTransport => {
      const inner = factory(config, context);
      const send: ExportTransport['send'] = async (signal, body, options) => {
        const attempt: Attempt = {
          signal,
          body: createHash('sha1').update(body).digest('hex'),
          bytes: body.byteLength,
          at: performance.now(),
          duringRecording: this.recording,
        };
        this.attempts.push(attempt);
        const outcome = await inner.send(signal, body, options);
        attempt.outcome = outcome.status;
        return outcome;
      };
      return {
        send,
        shutdown: () => inner.shutdown(),
        ...(inner.maxRequestBytes === undefined ? {} : { maxRequestBytes: inner.maxRequestBytes }),
      };
    };
  }

  of(signal: SignalType): Attempt[] {
    return this.attempts.filter((a) => a.signal === signal);
  }

  /** How many times each distinct request of `signal` was sent. */
  sendsPerRequest(signal: SignalType): number[] {
    const counts = new Map<string, number>();
    for (const a of this.of(signal)) counts.set(a.body, (counts.get(a.body) ?? 0) + 1);
    return [...counts.values()];
  }

  /** Bytes of the distinct request bodies sent for `signal` (a retry sends the same body again). */
  distinctBytes(signal: SignalType): number {
    const sizes = new Map<string, number>();
    for (const a of this.of(signal)) sizes.set(a.body, a.bytes);
    let bytes = 0;
    for (const size of sizes.values()) bytes += size;
    return bytes;
  }

  /** Shortest wait between two sends of the same request, in ms (`undefined` without retries). */
  shortestRetryGap(signal: SignalType): number | undefined {
    const last = new Map<string, number>();
    let shortest: number | undefined;
    for (const a of this.of(signal)) {
      const before = last.get(a.body);
      if (before !== undefined) shortest = Math.min(shortest ?? Infinity, a.at - before);
      last.set(a.body, a.at);
    }
    return shortest;
  }
}
