import { SpanKind } from '@telemetryflow/client';
import type { Attributes } from '@telemetryflow/client';
import type { GrpcTelemetryClient } from './grpc-telemetry-options.js';
import { METRIC_CLIENT_DURATION, METRIC_SERVER_DURATION, isFailure, statusName } from './rpc-semconv.js';
import type { RpcMethod } from './rpc-semconv.js';

/**
 * The telemetry of one call on one side: a span started in the active context, then, once the
 * call's status is known, the span's status and the duration histogram. Client calls are guarded:
 * telemetry never breaks a call.
 */
export class RpcCall {
  readonly #client: GrpcTelemetryClient;
  readonly #side: 'client' | 'server';
  /** The attributes the span and the histogram share. */
  readonly #keyed: Record<string, string | number>;
  readonly #startedAt = performance.now();
  /** The span's id; `''` without a span (traces off, or telemetry failed to start). */
  readonly spanId: string = '';
  #ended = false;

  /**
   * @param keyed attributes for the span and the histogram (method, `server.*`)
   * @param spanOnly attributes for the span only (peer, metadata)
   */
  constructor(
    client: GrpcTelemetryClient,
    side: 'client' | 'server',
    method: RpcMethod,
    keyed: Record<string, string | number>,
    spanOnly: Attributes,
  ) {
    this.#client = client;
    this.#side = side;
    this.#keyed = {
      'rpc.system': 'grpc',
      'rpc.service': method.service,
      'rpc.method': method.method,
      ...keyed,
    };
    const kind = side === 'client' ? SpanKind.CLIENT : SpanKind.SERVER;
    try {
      this.spanId = client.startSpan(method.name, kind, { ...this.#keyed, ...spanOnly });
    } catch {
      // Never break a call for telemetry (e.g. the client was shut down meanwhile).
    }
  }

  /** Runs `fn` with the span active (or just runs it, without a span). */
  inSpan<T>(fn: () => T): T {
    return this.spanId === '' ? fn() : this.#client.withActiveSpan(this.spanId, fn);
  }

  /**
   * Records the call's gRPC status — `rpc.grpc.status_code`, on failure `error.type` and status
   * ERROR with `details` — ends the span and records the duration. Only the first call counts.
   */
  end(code: number, details: string | undefined): void {
    if (this.#ended) return;
    this.#ended = true;
    const seconds = (performance.now() - this.#startedAt) / 1000;
    const failed = isFailure(this.#side, code);
    const outcome: Record<string, string | number> = { 'rpc.grpc.status_code': code };
    if (failed) outcome['error.type'] = statusName(code);
    const client = this.#client;
    try {
      const id = this.spanId;
      if (id !== '') {
        client.setSpanAttributes(id, outcome);
        // Set even when UNSET: endSpan() would end a span without an explicit status as OK.
        if (failed) client.setSpanStatus(id, 'error', details || statusName(code));
        else client.setSpanStatus(id, 'unset');
        client.endSpan(id);
      }
      const metric = this.#side === 'client' ? METRIC_CLIENT_DURATION : METRIC_SERVER_DURATION;
      client.recordHistogram(metric, seconds, 's', { ...this.#keyed, ...outcome });
    } catch {
      // Never break a call for telemetry.
    }
  }
}
